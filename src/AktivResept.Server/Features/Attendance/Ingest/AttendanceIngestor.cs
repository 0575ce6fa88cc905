using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Attendance.Ingest;

/// <summary>
/// Turns a verified delivery into attendance: checks each event, links it to the participant through the provider's
/// member reference and to the prescription whose period covers the day, queues what cannot be linked for
/// reconciliation, and stores the lot with the delivery's receipt in one transaction (<see cref="AttendanceStore"/>).
/// </summary>
public sealed class AttendanceIngestor(AktivDbContext db, AttendanceStore store, TimeProvider clock, IOptions<AttendanceOptions> options)
{
    /// <summary>Statuses whose period still counts attendance (late events for a finished one are recomputed too).</summary>
    public static readonly PrescriptionStatus[] CountingStatuses =
        [PrescriptionStatus.Accepted, PrescriptionStatus.Active, PrescriptionStatus.Completed, PrescriptionStatus.DroppedOut];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<StoreOutcome> IngestAsync(VerifiedDelivery delivery, IReadOnlyList<JsonElement> elements, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var results = new EventResult?[elements.Count];
        var events = new List<AttendanceEvent>(elements.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var locations = (await db.Locations.AsNoTracking().Where(l => l.ProviderId == delivery.ProviderId).Select(l => l.Id).ToListAsync(ct)).ToHashSet();
        var oldest = now.AddDays(-options.Value.LateEventDays);
        for (var i = 0; i < elements.Count; i++)
        {
            var (parsed, rejection) = AttendanceBatchParser.Parse(i, elements[i]);
            results[i] = parsed switch
            {
                null => rejection,
                _ when parsed.OccurredAt > now + ClockSkew => EventResult.Invalid(parsed.Id, "occurredAt", ErrorCodes.NotInFuture),
                _ when parsed.OccurredAt < oldest => EventResult.Invalid(parsed.Id, "occurredAt", ApiErrorCodes.EventTooLate.With(("days", options.Value.LateEventDays))),
                _ when !locations.Contains(parsed.LocationId) => EventResult.Invalid(parsed.Id, "locationId", ApiErrorCodes.EventLocation),
                _ when !seen.Add(parsed.Id) => new EventResult(parsed.Id, EventResult.Duplicate, Reason: "repeated in this batch"),
                _ => null,
            };
            if (results[i] is null)
            {
                events.Add(parsed!);
            }
        }

        var records = await LinkAsync(delivery, events, now, ct);
        return await store.StoreAsync(delivery, records, results, now, ct);
    }

    /// <summary>
    /// Member reference → participant → the prescription at this provider covering the event's Oslo day. The
    /// prescriptions come from the participant/status index alone (it includes provider and period), and are looked up
    /// per participant rather than scanned per event.
    /// </summary>
    private async Task<List<(int Index, AttendanceRecord Record)>> LinkAsync(VerifiedDelivery delivery, List<AttendanceEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        var refs = events.Select(e => e.MemberRef).Distinct().ToList();
        var links = await db.MemberLinks.AsNoTracking()
            .Where(m => m.ProviderId == delivery.ProviderId && refs.Contains(m.MemberRef))
            .ToDictionaryAsync(m => m.MemberRef, m => m.ParticipantId, ct);
        var participants = links.Values.Distinct().ToList();
        var counting = CountingStatuses;
        var prescriptions = participants.Count == 0
            ? []
            : await db.Prescriptions.AsNoTracking()
                .Where(p => p.ProviderId == delivery.ProviderId && participants.Contains(p.ParticipantId) && counting.Contains(p.Status))
                .Select(p => new Covering(p.Id, p.ParticipantId, p.StartDate, p.DurationWeeks, p.PausedDays))
                .ToListAsync(ct);
        var byParticipant = prescriptions.ToLookup(p => p.ParticipantId);

        var records = new List<(int Index, AttendanceRecord Record)>(events.Count);
        foreach (var e in events)
        {
            var record = new AttendanceRecord
            {
                ProviderId = delivery.ProviderId,
                Source = AttendanceSource.Webhook,
                SourceId = delivery.IntegrationId,
                ExternalId = e.Id,
                Kind = e.Kind,
                OccurredAt = e.OccurredAt,
                LocationId = e.LocationId,
                MemberRef = e.MemberRef,
                DurationMinutes = e.DurationMinutes,
                ReceivedAt = now,
                Reconciliation = ReconciliationState.Pending,
            };
            if (!links.TryGetValue(e.MemberRef, out var participantId))
            {
                record.ReconciliationNote = "unknown-member";
            }
            else
            {
                record.ParticipantId = participantId;
                var day = OsloCalendar.DateOf(e.OccurredAt);
                var covering = byParticipant[participantId].Where(p => p.Covers(day)).MaxBy(p => p.StartDate);
                if (covering is null)
                {
                    record.ReconciliationNote = "no-prescription-on-date";
                }
                else
                {
                    record.PrescriptionId = covering.Id;
                    record.Reconciliation = ReconciliationState.Matched;
                }
            }

            records.Add((e.Index, record));
        }

        return records;
    }

    private sealed record Covering(Guid Id, Guid ParticipantId, DateOnly StartDate, int DurationWeeks, int PausedDays)
    {
        public bool Covers(DateOnly day) => day >= StartDate && day <= PrescriptionPeriod.EndOf(StartDate, DurationWeeks, PausedDays);
    }
}
