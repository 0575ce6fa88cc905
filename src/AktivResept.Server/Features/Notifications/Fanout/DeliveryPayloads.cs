using System.Text.Json;
using System.Text.Json.Nodes;

namespace AktivResept.Server.Features.Notifications.Fanout;

/// <summary>
/// The body each channel sends, fixed when the delivery is created so every try (and a replay) signs the same bytes.
/// A FHIR rest-hook with an id-only (or no) payload sends an empty body, as R4 asks: the receiver re-runs its criteria
/// search. A plain webhook sends the Standard Webhooks envelope <c>{type, id, timestamp, data}</c>.
/// </summary>
public static class DeliveryPayloads
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The event type as receivers see it, e.g. <c>prescription.status_changed</c>.</summary>
    public static string TypeName(PrescriptionEventType type) => type switch
    {
        PrescriptionEventType.StatusChanged => "prescription.status_changed",
        PrescriptionEventType.AdherenceReport => "prescription.adherence_report",
        PrescriptionEventType.DropoutRisk => "prescription.dropout_risk",
        PrescriptionEventType.DoseSet => "prescription.dose_set",
        PrescriptionEventType.OutcomeRecorded => "prescription.outcome_recorded",
        PrescriptionEventType.OutcomeDue => "prescription.outcome_due",
        PrescriptionEventType.OutcomeMissed => "prescription.outcome_missed",
        PrescriptionEventType.Paused => "prescription.paused",
        PrescriptionEventType.PauseEnded => "prescription.pause_ended",
        _ => "prescription.completed",
    };

    public static string For(SubscriptionChannel channel, PrescriptionEvent e) => channel switch
    {
        SubscriptionChannel.FhirRestHook => string.Empty,
        _ => Webhook(e),
    };

    private static string Webhook(PrescriptionEvent e)
    {
        var data = new JsonObject
        {
            ["prescriptionId"] = e.PrescriptionId,
            ["eventType"] = e.Type.ToString(),
        };
        foreach (var (key, value) in EventJson.Facts(e.Data))
        {
            data[key] = value?.DeepClone();
        }

        var envelope = new JsonObject
        {
            ["type"] = TypeName(e.Type),
            ["id"] = e.Id,
            ["timestamp"] = e.OccurredAt.ToUniversalTime(),
            ["data"] = data,
        };
        return envelope.ToJsonString(Web);
    }
}
