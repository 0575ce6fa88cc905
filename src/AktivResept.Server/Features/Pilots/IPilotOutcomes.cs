using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// Whether any outcome exists for a pilot's participants, which freezes its allocation. The outcomes work (issue 15)
/// implements this over its measurements and registers it in place of <see cref="AttendanceAsPilotOutcome"/>.
/// </summary>
public interface IPilotOutcomes
{
    Task<bool> AnyAsync(Guid pilotId, CancellationToken cancellationToken);
}

/// <summary>
/// Until outcome measurements exist: the first attendance of an enrolled participant on or after their enrolment is
/// the first observation the pilot has of them, so it freezes the allocation (docs/pilots.md).
/// </summary>
public sealed class AttendanceAsPilotOutcome(AktivDbContext db) : IPilotOutcomes
{
    public Task<bool> AnyAsync(Guid pilotId, CancellationToken cancellationToken) =>
        db.PilotEnrolments.Where(e => e.PilotId == pilotId)
            .AnyAsync(e => db.AttendanceRecords.Any(a => a.ParticipantId == e.PersonId && a.OccurredAt >= e.EnrolledAt), cancellationToken);
}
