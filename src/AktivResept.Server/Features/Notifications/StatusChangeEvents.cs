using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// Every lifecycle move, from whichever path made it (API, FHIR, web, jobs), becomes a <see cref="PrescriptionEvent"/>
/// in the same SaveChanges as its <see cref="StatusChange"/>: the outbox cannot miss a move or announce one that
/// rolled back. Moves into Draft are private to the referrer and announce nothing.
/// </summary>
public static class StatusChangeEvents
{
    public static void AddFor(AktivDbContext db)
    {
        if (!db.ChangeTracker.HasChanges())
        {
            return;
        }

        List<PrescriptionEvent>? events = null;
        foreach (var entry in db.ChangeTracker.Entries<StatusChange>())
        {
            if (entry.State != EntityState.Added || entry.Entity.To == PrescriptionStatus.Draft)
            {
                continue;
            }

            var change = entry.Entity;

            // A participant's reason is their own words (often about health): it stays in their prescription's history
            // and never travels to the gym, webhooks or subscriptions.
            var reason = change.ActorRole == Roles.Participant ? null : change.Reason;
            (events ??= []).Add(new PrescriptionEvent
            {
                PrescriptionId = change.PrescriptionId,
                Type = PrescriptionEventType.StatusChanged,
                OccurredAt = change.At,
                Data = JsonSerializer.Serialize(new StatusChangedData(change.From?.ToString(), change.To.ToString(), reason, change.ActorRole), JsonSerializerOptions.Web),
            });
        }

        if (events is not null)
        {
            db.PrescriptionEvents.AddRange(events);
        }
    }
}
