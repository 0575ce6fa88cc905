using System.Text.Json;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Outcomes;
using AktivResept.Server.Features.Programmes;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// The one way a completion is announced: a <see cref="PrescriptionEventType.Completed"/> event carrying the
/// adherence summary, the hand-over to the local «Aktiv på dagtid» (<see cref="ProgrammeHandover"/>) and the outcome
/// measures' changes. Used by the adherence job when a period ends and by a provider's or trainer's manual
/// completion, so both reach the participant (their offer) and the referrer (the final report) alike. The events are
/// added to the context and saved by the caller, with the status change they announce.
/// </summary>
public sealed class CompletionSummaries(AktivDbContext db, AdherenceReader adherence, ProgrammeHandover handover, OutcomeCompletion outcomes)
{
    /// <summary>The adherence part of the summary, from the report as of the completion.</summary>
    public static CompletedData Of(Prescription p, AdherenceReport report) =>
        new(p.StartDate, p.EndDate, report.AttendedSessions, report.PrescribedTotal, report.AttendedMinutes, report.Rate, nameof(PrescriptionStatus.Completed));

    /// <summary>Adds the completion event of each prescription just completed, with the hand-over judged on <paramref name="now"/>'s Oslo day.</summary>
    public async Task AddAsync(IReadOnlyList<(Guid PrescriptionId, Guid ParticipantId, CompletedData Summary)> completed, DateTimeOffset now, CancellationToken ct)
    {
        if (completed.Count == 0)
        {
            return;
        }

        var changes = await outcomes.ChangesForAsync([.. completed.Select(c => c.PrescriptionId)], ct);
        foreach (var (prescriptionId, participantId, summary) in completed)
        {
            var programme = await handover.ForAsync(participantId, OsloCalendar.DateOf(now), ct);
            db.PrescriptionEvents.Add(new PrescriptionEvent
            {
                PrescriptionId = prescriptionId,
                Type = PrescriptionEventType.Completed,
                OccurredAt = now,
                Data = JsonSerializer.Serialize(summary with { Programme = programme, Outcomes = changes.GetValueOrDefault(prescriptionId) ?? [] }, JsonSerializerOptions.Web),
            });
        }
    }

    /// <summary>A manual completion: the adherence as of now from the prescription's counted attendance, then <see cref="AddAsync"/>.</summary>
    public async Task AddForAsync(Prescription prescription, DateTimeOffset now, CancellationToken ct)
    {
        var report = adherence.Evaluate(prescription, await adherence.FactsAsync(prescription.Id, ct), now);
        await AddAsync([(prescription.Id, prescription.ParticipantId, Of(prescription, report))], now, ct);
    }
}
