using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Notifications;

namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>
/// Which prescription events become a dialogmelding to an organisation that chose that channel: status changes made
/// by others than the referrer (their own steps are already in their record), the periodic adherence report and the
/// completion summary. The move into Completed is left to the summary, which says more; dropout alerts stay in-app.
/// </summary>
public static class DialogmeldingEvents
{
    public static DialogmeldingKind? KindFor(PrescriptionEvent e) => e.Type switch
    {
        PrescriptionEventType.StatusChanged when IsWorthANote(e.Data) => DialogmeldingKind.StatusChange,
        PrescriptionEventType.AdherenceReport => DialogmeldingKind.AdherenceReport,
        PrescriptionEventType.Completed => DialogmeldingKind.CompletionSummary,
        _ => null,
    };

    private static bool IsWorthANote(string data)
    {
        try
        {
            return JsonSerializer.Deserialize<StatusChangedData>(data, JsonSerializerOptions.Web) is { } d
                && !Roles.Prescribers.Contains(d.ByRole)
                && d.To != nameof(PrescriptionStatus.Completed);
        }
        catch (JsonException)
        {
            // Facts we cannot read still make a message; the sender then records it as failed, visibly.
            return true;
        }
    }
}
