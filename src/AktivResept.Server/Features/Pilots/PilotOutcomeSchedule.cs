using AktivResept.Domain.Outcomes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// A pilot's follow-up schedule is the measurement times the outcomes work uses for its participants: a participant
/// enrolled in a pilot (consent not withdrawn) is measured at baseline, at the end of the period and at each of the
/// pilot's follow-up months (<c>m6</c>, <c>m12</c>...) instead of the programme's default. The earliest enrolment
/// decides when there are several. The months count from the prescription's first day, the anchor the outcomes
/// schedule knows (a participant is enrolled when they start).
/// </summary>
public sealed class PilotOutcomeSchedule(AktivDbContext db) : IOutcomeScheduleSource
{
    public async Task<IReadOnlyDictionary<Guid, ScheduleDefinition>> SchedulesForAsync(IReadOnlyCollection<Guid> prescriptionIds, CancellationToken ct)
    {
        var rows = await (
            from p in db.Prescriptions.AsNoTracking()
            where prescriptionIds.Contains(p.Id)
            join e in db.PilotEnrolments.AsNoTracking() on p.ParticipantId equals e.PersonId
            where e.WithdrawnAt == null
            join pilot in db.Pilots.AsNoTracking() on e.PilotId equals pilot.Id
            select new { p.Id, e.EnrolledAt, pilot.Name, pilot.FollowUpMonths }).ToListAsync(ct);
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g =>
        {
            var first = g.OrderBy(r => r.EnrolledAt).First();
            return Definition(first.Name, first.FollowUpMonths);
        });
    }

    /// <summary>Baseline and end as the programme has them, then one timepoint per follow-up month.</summary>
    public static ScheduleDefinition Definition(string pilotName, IReadOnlyList<int> followUpMonths)
    {
        var programme = ScheduleDefinition.Programme;
        Timepoint FollowUp(int month) =>
            new($"m{month}", TimepointAnchor.Start, month, (programme.Find($"m{month}") ?? programme.Find(month < 12 ? "m6" : "m12")!).Instruments);
        return new ScheduleDefinition(
            $"pilot: {pilotName}",
            [programme.Find("baseline")!, programme.Find("end")!, .. followUpMonths.Where(m => m > 0).Distinct().Order().Select(FollowUp)],
            programme.ReminderDaysBefore,
            programme.GraceDays);
    }
}
