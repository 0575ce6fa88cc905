using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;

namespace AktivResept.Server.Features.Pilots;

/// <summary>What a caller sees of a pilot: nothing (404), their own municipality's part, or every municipality.</summary>
public enum PilotView
{
    None,
    OwnMunicipality,
    AllMunicipalities,
}

/// <summary>The caller as pilots know them: the municipality they coordinate (if any), and role + organisation.</summary>
public sealed record PilotCaller(Guid? MunicipalityId, string Role, string? Organisation);

/// <summary>
/// Who sees which pilot (issue 12): the lead municipality's coordinator and the roles named on the pilot see every
/// municipality; a coordinator of another pilot municipality sees their own municipality only; everyone else gets 404.
/// Only the lead coordinator changes the pilot; only a pilot municipality's coordinator enrols, in their municipality.
/// </summary>
public sealed class PilotAccess(AktivDbContext db, CallerRelationships callers)
{
    public async Task<PilotCaller> CallerAsync(CurrentUser user, CancellationToken ct) =>
        new(await callers.MunicipalityOfAsync(user, ct), user.Role, user.Organisation?.Value);

    /// <summary>The pilots the caller sees at all (either view).</summary>
    public IQueryable<Pilot> Visible(PilotCaller caller)
    {
        var municipality = caller.MunicipalityId;
        var role = caller.Role;
        var org = caller.Organisation ?? string.Empty;
        return db.Pilots.Where(p =>
            (municipality != null && (p.OwnerPayerId == municipality || p.Municipalities.Any(m => m.PayerId == municipality)))
            || (org != string.Empty && p.Viewers.Any(v => v.Role == role && v.OrganisationNumber == org)));
    }

    public static PilotView ViewOf(Pilot pilot, PilotCaller caller)
    {
        if ((caller.MunicipalityId is { } own && own == pilot.OwnerPayerId)
            || (caller.Organisation is { } org && pilot.Viewers.Any(v => v.Role == caller.Role && v.OrganisationNumber == org)))
        {
            return PilotView.AllMunicipalities;
        }

        return caller.MunicipalityId is { } m && pilot.Municipalities.Any(x => x.PayerId == m) ? PilotView.OwnMunicipality : PilotView.None;
    }

    public static bool Manages(Pilot pilot, PilotCaller caller) => caller.MunicipalityId is { } m && m == pilot.OwnerPayerId;

    /// <summary>The pilot municipality the caller enrols under, if they coordinate one.</summary>
    public static PilotMunicipality? EnrolsFor(Pilot pilot, PilotCaller caller) =>
        caller.MunicipalityId is { } m ? pilot.Municipalities.FirstOrDefault(x => x.PayerId == m) : null;
}
