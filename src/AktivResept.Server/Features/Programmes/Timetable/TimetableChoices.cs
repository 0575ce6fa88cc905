using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>What the staff forms offer: municipalities and contracted gyms for a new programme; locations and instructors for a series.</summary>
public sealed record TimetableChoices(
    IReadOnlyList<(string Value, string Text)> Municipalities,
    IReadOnlyList<(string Value, string Text)> ContractedGyms,
    IReadOnlyList<(string Value, string Text)> Locations,
    IReadOnlyList<(string Value, string Text)> Instructors);

/// <summary>Reads the choices for the staff forms; organisational data only (no people but the operator's trainers' names).</summary>
public sealed class TimetableChoiceReader(AktivDbContext db, ProgrammeAccess access, TimeProvider clock)
{
    public async Task<TimetableChoices> ForAsync(CurrentUser user, Guid? programmeId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var today = Oslo.Today(clock.GetUtcNow());
        var municipalities = await db.Municipalities.AsNoTracking().OrderBy(m => m.Name).Select(m => new { m.Kommunenummer, m.Name }).ToListAsync(ct);
        var gyms = caller.MunicipalityPayerId is { } payer
            ? await db.Providers.AsNoTracking().Where(p => ContractedProviders.Of(db, payer, today).Contains(p.Id)).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)
            : [];
        var programme = programmeId is { } id ? await access.Managed(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) : null;
        var locations = programme is null
            ? []
            : await db.Locations.AsNoTracking().Where(l => l.Kommunenummer == programme.Kommunenummer && (programme.ProviderId == null || l.ProviderId == programme.ProviderId))
                .OrderBy(l => l.Name).Select(l => new { l.Id, l.Name }).ToListAsync(ct);
        var org = programme is null ? null
            : programme.ProviderId is { } gym ? await db.Providers.Where(p => p.Id == gym).Select(p => p.OrganisationNumber).FirstOrDefaultAsync(ct)
            : await db.Payers.Where(p => p.Kind == PayerKind.Municipality && p.Kommunenummer == programme.Kommunenummer).Select(p => p.OrganisationNumber).FirstOrDefaultAsync(ct);
        var trainers = org is null
            ? []
            : await db.Trainers.AsNoTracking().Where(t => t.Roles.Any(r => r.OrganisationNumber == org)).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        return new TimetableChoices(
            [.. municipalities.Select(m => (m.Kommunenummer, $"{m.Name} ({m.Kommunenummer})"))],
            [.. gyms.Select(g => (g.Id.ToString(), g.Name))],
            [.. locations.Select(l => (l.Id.ToString(), l.Name))],
            [.. trainers.Select(t => (t.Id.ToString(), t.Name))]);
    }
}
