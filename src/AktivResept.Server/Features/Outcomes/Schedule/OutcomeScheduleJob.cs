using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Outcomes;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Outcomes.Schedule;

/// <summary>
/// Walks the schedules of followed prescriptions and, once per timepoint, sends a reminder when it comes due
/// (<c>OutcomeDue</c>: trainer and participant) and a notice when its grace period passes without its measurements
/// (<c>OutcomeMissed</c>: also the referrer). Neither carries health data: the timepoint and its due date only. The
/// notice table's key (prescription, timepoint, kind) makes each notice happen once, whichever instance sends it.
/// </summary>
public sealed class OutcomeScheduleJob(AktivDbContext db, OutcomeSchedules schedules, TimeProvider clock, ILogger<OutcomeScheduleJob> logger) : IPeriodicJob
{
    private static readonly PrescriptionStatus[] Followed =
        [PrescriptionStatus.Accepted, PrescriptionStatus.Active, PrescriptionStatus.Completed, PrescriptionStatus.DroppedOut];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One pass; returns the notices sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = OsloCalendar.DateOf(now);

        // The longest default follow-up is 36 months after the start; a pilot's may be longer, so look back 5 years.
        var earliest = today.AddYears(-5);
        var prescriptions = await db.Prescriptions.AsNoTracking()
            .Where(p => Followed.Contains(p.Status) && p.StartDate >= earliest && p.StartDate <= today.AddDays(60))
            .Select(p => new { p.Id, p.StartDate, p.DurationWeeks, p.PausedDays })
            .ToListAsync(ct);
        if (prescriptions.Count == 0)
        {
            return 0;
        }

        var ids = prescriptions.Select(p => p.Id).ToList();
        var definitions = await schedules.ForAsync(ids, ct);
        var recorded = (await db.OutcomeMeasurements.AsNoTracking()
                .Where(m => ids.Contains(m.PrescriptionId) && m.SupersededAt == null && m.Timepoint != null)
                .Select(m => new { m.PrescriptionId, m.Timepoint, m.Instrument })
                .ToListAsync(ct))
            .GroupBy(m => m.PrescriptionId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, IReadOnlySet<string>>)g.GroupBy(m => m.Timepoint!)
                .ToDictionary(t => t.Key, t => (IReadOnlySet<string>)t.Select(m => m.Instrument).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal));
        var sent = (await db.OutcomeScheduleNotices.AsNoTracking().Where(n => ids.Contains(n.PrescriptionId)).ToListAsync(ct))
            .Select(n => (n.PrescriptionId, n.Timepoint, n.Kind))
            .ToHashSet();

        var count = 0;
        foreach (var p in prescriptions)
        {
            var end = PrescriptionPeriod.EndOf(p.StartDate, p.DurationWeeks, p.PausedDays);
            var none = new Dictionary<string, IReadOnlySet<string>>();
            foreach (var t in OutcomeSchedule.For(definitions[p.Id], p.StartDate, end, today, recorded.GetValueOrDefault(p.Id) ?? none))
            {
                var kind = t.Status switch
                {
                    TimepointStatus.Due => OutcomeNoticeKind.Reminder,
                    TimepointStatus.Missed => OutcomeNoticeKind.Missed,
                    _ => (OutcomeNoticeKind?)null,
                };
                if (kind is not { } k || sent.Contains((p.Id, t.Timepoint.Code, k)))
                {
                    continue;
                }

                db.OutcomeScheduleNotices.Add(new OutcomeScheduleNotice { PrescriptionId = p.Id, Timepoint = t.Timepoint.Code, Kind = k, SentAt = now });
                db.PrescriptionEvents.Add(new PrescriptionEvent
                {
                    PrescriptionId = p.Id,
                    Type = k == OutcomeNoticeKind.Reminder ? PrescriptionEventType.OutcomeDue : PrescriptionEventType.OutcomeMissed,
                    Data = JsonSerializer.Serialize(new OutcomeTimepointData(t.Timepoint.Code, t.DueDate), Json),
                    OccurredAt = now,
                });
                count++;
            }
        }

        if (count > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (Common.Http.UniqueViolation.Is(e))
            {
                // Another instance sent some of the same notices first; the next pass sends whatever is left.
                db.ChangeTracker.Clear();
                return 0;
            }

            logger.LogInformation("Sent {Count} outcome schedule notices", count);
        }

        return count;
    }
}
