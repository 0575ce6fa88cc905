using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Pilots;

/// <summary>Whether any outcome exists for a pilot's participants, which freezes its allocation.</summary>
public interface IPilotOutcomes
{
    Task<bool> AnyAsync(Guid pilotId, CancellationToken cancellationToken);
}

/// <summary>
/// The first observation the pilot has of an enrolled participant after their enrolment freezes the allocation: an
/// outcome measurement (any version, so a correction cannot thaw it) taken at or after the enrolment, or the first
/// attendance then (docs/pilots.md). A measurement from before the enrolment is a baseline the allocation cannot have
/// influenced, so it does not count.
/// </summary>
public sealed class FirstObservationAsPilotOutcome(AktivDbContext db) : IPilotOutcomes
{
    public Task<bool> AnyAsync(Guid pilotId, CancellationToken cancellationToken) =>
        db.PilotEnrolments.Where(e => e.PilotId == pilotId)
            .AnyAsync(e => db.OutcomeMeasurements.Any(m => m.ParticipantId == e.PersonId && m.EffectiveAt >= e.EnrolledAt) ||
                           db.AttendanceRecords.Any(a => a.ParticipantId == e.PersonId && a.OccurredAt >= e.EnrolledAt), cancellationToken);
}
