using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>One registered person as the programme's staff see them; member numbers only for the admin of the running gym.</summary>
public sealed record RosterEntry(
    Guid RegistrationId, string Name, ProgrammeEligibilityBasis Basis, DateTimeOffset RegisteredAt, DateOnly? PausedUntil, IReadOnlyList<string>? MemberRefs);

/// <summary>Who is registered for a programme. <see cref="LinksMemberNumbers"/>: the caller runs it and may link member numbers.</summary>
public sealed record RosterView(Guid ProgrammeId, string ProgrammeName, bool LinksMemberNumbers, int Total, IReadOnlyList<RosterEntry> Registrations);

/// <summary>
/// The registrations of a programme for the staff who manage it (<see cref="ProgrammeAccess.Managed"/>: the municipality's
/// coordinator, the running gym's admin), so the gym can find a person to link its member number to
/// (<see cref="RegistrationMemberRefs"/>) and the coordinator sees who takes part and who is paused. Anyone else, and an
/// unknown programme, gets 404. Every listed person is an audited read.
/// </summary>
public sealed class ProgrammeRoster(AktivDbContext db, ProgrammeAccess access, AuditLog audit)
{
    /// <summary>The most rows one answer holds; a name filter narrows a larger programme.</summary>
    public const int MaxRows = 500;

    public async Task<Outcome<RosterView>> ListAsync(CurrentUser user, Guid programmeId, string? name, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var programme = await access.Managed(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        if (programme is null)
        {
            await audit.DeniedAsync(user, $"Programme/{programmeId}/registrations", AuditAction.Search, ct);
            return Failure.NotFound();
        }

        var rows = db.ProgrammeRegistrations.AsNoTracking().Where(r => r.ProgrammeId == programmeId)
            .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { r, p.GivenName, p.FamilyName });
        if (name?.Trim() is { Length: > 0 } filter)
        {
            var escaped = filter.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            var pattern = $"%{escaped}%";
            // Translated to SQL lower(): no .NET culture is involved.
#pragma warning disable CA1304, CA1311
            rows = rows.Where(x => EF.Functions.Like((x.GivenName + " " + x.FamilyName).ToLower(), pattern, "\\"));
#pragma warning restore CA1304, CA1311
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(x => x.FamilyName).ThenBy(x => x.GivenName).ThenBy(x => x.r.Id).Take(MaxRows).ToListAsync(ct);
        var linksMemberNumbers = caller.ProviderId is { } gym && programme.ProviderId == gym;
        var people = page.Select(x => x.r.PersonId).ToList();
        var refs = linksMemberNumbers
            ? (await db.MemberLinks.AsNoTracking().Where(m => m.ProviderId == caller.ProviderId && people.Contains(m.ParticipantId)).ToListAsync(ct))
                .GroupBy(m => m.ParticipantId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.OrderBy(m => m.LinkedAt).Select(m => m.MemberRef)])
            : [];
        foreach (var row in page)
        {
            audit.Add(user, $"ProgrammeRegistration/{row.r.Id}", AuditAction.Read, AuditOutcome.Success, row.r.PersonId);
        }

        await audit.SaveAsync(ct);
        var entries = page.Select(x => new RosterEntry(x.r.Id, $"{x.GivenName} {x.FamilyName}", x.r.Basis, x.r.RegisteredAt, x.r.PausedUntil,
            linksMemberNumbers ? refs.GetValueOrDefault(x.r.PersonId, []) : null)).ToList();
        return new RosterView(programme.Id, programme.Name, linksMemberNumbers, total, entries);
    }
}
