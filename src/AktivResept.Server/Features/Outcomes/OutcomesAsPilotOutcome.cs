using AktivResept.Server.Data;
using AktivResept.Server.Features.Pilots;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Outcomes;

/// <summary>
/// The pilot's "first outcome", which freezes its allocation (docs/pilots.md): an outcome measurement of an enrolled
/// participant taken at or after their enrolment. Attendance after enrolment still counts as well, as it did before
/// measurements existed: it is usually the first thing the pilot observes of a participant, and an allocation must not
/// be redrawn once anyone has been observed. Registered by <see cref="OutcomesModule"/> in place of
/// <see cref="AttendanceAsPilotOutcome"/>.
/// </summary>
public sealed class OutcomesAsPilotOutcome(AktivDbContext db) : IPilotOutcomes
{
    public async Task<bool> AnyAsync(Guid pilotId, CancellationToken cancellationToken) =>
        await db.PilotEnrolments.Where(e => e.PilotId == pilotId)
            .AnyAsync(e => db.OutcomeMeasurements.Any(m => m.ParticipantId == e.PersonId && m.EffectiveAt >= e.EnrolledAt), cancellationToken) ||
        await new AttendanceAsPilotOutcome(db).AnyAsync(pilotId, cancellationToken);
}
