using System.Globalization;
using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Inbox;
using AktivResept.Server.Features.Outcomes;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Inbox;

/// <summary>
/// An inbox message's heading and sentence in the reader's language, from its type and the event's facts
/// (PrescriptionEventData, web JSON). Facts it cannot read give a plain heading rather than an error.
/// </summary>
public static class InboxText
{
    public static (string Title, string? Body) For(IStringLocalizer<UiText> t, InboxItem entry, string? readerRole = null)
    {
        try
        {
            return entry.Type switch
            {
                PrescriptionEventType.StatusChanged when Read<StatusChangedData>(entry) is { } d => StatusChanged(t, d),
                PrescriptionEventType.AdherenceReport when Read<AdherenceReportData>(entry) is { } d =>
                    (t["Inbox.AdherenceReport"], t["Inbox.AdherenceReportBody", d.Attended, d.Prescribed, Labels.Date(d.From), Labels.Date(d.Through), d.AttendedToDate, d.PrescribedToDate]),
                PrescriptionEventType.DropoutRisk when Read<DropoutRiskData>(entry) is { } d =>
                    (t["Inbox.DropoutRisk"], d.LastAttendedAt is { } last
                        ? t["Inbox.DropoutRiskBodySince", d.DaysWithoutAttendance, Labels.OsloTime(last)]
                        : t["Inbox.DropoutRiskBody", d.DaysWithoutAttendance]),
                PrescriptionEventType.Completed when Read<CompletedData>(entry) is { } d => Completed(t, d),
                PrescriptionEventType.ContractKpiNotMet when Read<ContractKpiNotMetData>(entry) is { } d =>
                    (t["Inbox.ContractKpiNotMet", d.Contract], t["Inbox.ContractKpiNotMetBody", d.Kpi, d.Period]),
                // The referrer hears of a send made by someone else as a choice, not as a referral to answer.
                PrescriptionEventType.SentToProvider when readerRole is Roles.Referrer or Roles.Ehr && Read<SentToProviderData>(entry) is { } d =>
                    (d.ByRole == Roles.Participant ? t["Inbox.SentByParticipant"] : t["Inbox.SentByMunicipality"], t["Inbox.SentByOtherBody", d.Location]),
                PrescriptionEventType.SentToProvider when Read<SentToProviderData>(entry) is { } d =>
                    (t["Inbox.SentToProvider"], t["Inbox.SentToProviderBody", d.Location]),
                PrescriptionEventType.DoseSet when Read<DoseSetData>(entry) is { } d =>
                    (t["Inbox.DoseSet"], Labels.Counted(t, "Inbox.DoseSetBody", d.SessionsPerWeek, d.SessionsPerWeek, d.MinutesPerSession)),
                PrescriptionEventType.Paused when Read<PauseData>(entry) is { } d =>
                    (t["Inbox.Paused"], t["Inbox.PausedBody", Labels.Date(d.FirstDay), Labels.Date(d.LastDay), Labels.Date(d.EndDate)]),
                PrescriptionEventType.PauseEnded when Read<PauseData>(entry) is { } d =>
                    (t["Inbox.PauseEnded"], t["Inbox.PauseEndedBody", Labels.Date(d.EndDate)]),
                PrescriptionEventType.ClaimQuestion or PrescriptionEventType.ClaimAnswer when Read<ClaimMessageData>(entry) is { } d =>
                    (t[$"Inbox.{entry.Type}", Labels.Month(d.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture))], t[d.HasAttachment ? "Inbox.ClaimMessageWithFile" : "Inbox.ClaimMessageBody"]),
                // «Aktiv på dagtid»: the details the SMS no longer carries, spoken to the participant.
                PrescriptionEventType.SessionOffer when Read<SessionOfferData>(entry) is { } d =>
                    (t["Inbox.SessionOffer"], t["Inbox.SessionOfferBody", d.Title, Labels.OsloTime(d.StartsAt), d.Location, d.Room, Labels.OsloTime(d.ConfirmBy)]),
                PrescriptionEventType.SessionCancelled when Read<SessionCancelledData>(entry) is { } d =>
                    (t["Inbox.SessionCancelled"], t["Inbox.SessionCancelledBody", d.Programme, d.Title, Labels.OsloTime(d.StartsAt), d.Location, d.Room, d.Reason]),
                PrescriptionEventType.SessionNote when Read<SessionNoteData>(entry) is { } d =>
                    (t["Inbox.SessionNote"], t["Inbox.SessionNoteBody", d.Title, Labels.OsloTime(d.StartsAt), d.Text]),
                _ => (t[$"Inbox.{entry.Type}"], null),
            };
        }
        catch (JsonException)
        {
            return (t[$"Inbox.{entry.Type}"], null);
        }
    }

    /// <summary>Where the message leads: the prescription's page, «Mine timer» (where an offer is confirmed), a claim, or a contract's KPI dashboard.</summary>
    public static string PathOf(string role, InboxItem entry) =>
        entry.PrescriptionId is { } id ? PrescriptionPath(role, id)
        : entry.Type is PrescriptionEventType.SessionOffer or PrescriptionEventType.SessionCancelled or PrescriptionEventType.SessionNote ? MyBookingsPath
        : entry.Type is PrescriptionEventType.ClaimQuestion or PrescriptionEventType.ClaimAnswer ? ClaimPath(role, entry)
        : ContractResultsPath(role, entry.ContractId ?? Guid.Empty);

    /// <summary>The participant's «Mine timer»: offers to confirm first, then the sessions booked.</summary>
    public const string MyBookingsPath = "/mine-timer";

    /// <summary>The claim a thread message is about, on the reader's side (the gym's claim page or the payer's review).</summary>
    private static string ClaimPath(string role, InboxItem entry)
    {
        var claimId = entry.Data.TryGetProperty("claimId", out var id) && id.TryGetGuid(out var guid) ? guid : Guid.Empty;
        return role == Roles.ProviderAdmin ? $"/tilbyder/krav/{claimId}" : $"/betaler/krav/{claimId}";
    }

    /// <summary>The KPI dashboard of a contract (the gym admin's read-only one, or the coordinator's).</summary>
    public static string ContractResultsPath(string role, Guid contractId) => role switch
    {
        Roles.ProviderAdmin => $"/tilbyder/kontrakter/{contractId}/resultater",
        _ => $"/kommune/kontrakter/{contractId}/resultater",
    };

    /// <summary>Where the reader's own page for the prescription is.</summary>
    public static string PrescriptionPath(string role, Guid id) => role switch
    {
        Roles.ProviderAdmin => $"/tilbyder/henvisninger/{id}",
        Roles.Trainer => $"/trener/resepter/{id}",
        Roles.Participant => $"/mine-resepter/{id}",
        _ => $"/henvisninger/{id}",
    };

    private static (string, string?) StatusChanged(IStringLocalizer<UiText> t, StatusChangedData d)
    {
        var to = Status(t, d.To);
        var body = d.From is null ? null : (string)t["Inbox.StatusChangedFrom", Status(t, d.From), to];
        if (!string.IsNullOrWhiteSpace(d.Reason))
        {
            body = $"{body} {t["Inbox.Reason", d.Reason]}".Trim();
        }

        return (t["Inbox.StatusChangedTo", to], body);
    }

    private static (string, string?) Completed(IStringLocalizer<UiText> t, CompletedData d)
    {
        var body = Labels.Counted(t, "Inbox.CompletedBody", d.Prescribed, d.Attended, d.Prescribed, Labels.Date(d.StartDate), Labels.Date(d.EndDate));
        if (d.Rate is { } rate)
        {
            body += " " + t["Inbox.CompletedRate", Math.Round(rate * 100m).ToString(CultureInfo.CurrentCulture)];
        }

        if (d.Minutes is { } minutes)
        {
            body += " " + Labels.Counted(t, "Inbox.CompletedMinutes", minutes);
        }

        if (d.Programme is { } programme)
        {
            body += " " + t[$"Inbox.CompletedProgramme.{programme.Status}", programme.Name];
        }

        if (d.Outcomes is { Count: > 0 } changes)
        {
            body += " " + t["Inbox.CompletedOutcomes", string.Join("; ", OutcomeChangeText.Sentences((key, args) => t[key, args], CultureInfo.CurrentCulture, changes))];
        }

        return (t["Inbox.CompletedTitle", Status(t, d.FinalStatus)], body);
    }

    private static string Status(IStringLocalizer<UiText> t, string status) =>
        Enum.TryParse<PrescriptionStatus>(status, out var s) ? Labels.Status(t, s) : status;

    private static T? Read<T>(InboxItem entry) => entry.Data.Deserialize<T>(JsonSerializerOptions.Web);
}
