using System.Globalization;
using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Outcomes;

namespace AktivResept.Server.Features.Dialogmelding.Sending;

/// <summary>The facts of the prescription a note is about: our reference and its period.</summary>
public sealed record NoteFacts(Guid PrescriptionId, DateOnly StartDate, DateOnly EndDate);

/// <summary>
/// The note's subject and lines in Norwegian Bokmål (the receiving GP's language), from the event's stored facts
/// (<see cref="PrescriptionEventData"/>). Only what the referrer needs to follow up: which prescription, what changed or
/// was attended, when. No activity details, no location, no trainer, no contact data (docs/dialogmelding.md).
/// </summary>
public static class NoteText
{
    private static readonly CultureInfo Nb = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>Null when the event's facts cannot be read (the message then fails as <c>EventUnreadable</c>).</summary>
    public static (string Subject, IReadOnlyList<string> Lines)? For(DialogmeldingKind kind, string data, NoteFacts facts)
    {
        try
        {
            return kind switch
            {
                DialogmeldingKind.StatusChange when JsonSerializer.Deserialize<StatusChangedData>(data, JsonSerializerOptions.Web) is { } d => StatusChange(d, facts),
                DialogmeldingKind.AdherenceReport when JsonSerializer.Deserialize<AdherenceReportData>(data, JsonSerializerOptions.Web) is { } d => Adherence(d, facts),
                DialogmeldingKind.CompletionSummary when JsonSerializer.Deserialize<CompletedData>(data, JsonSerializerOptions.Web) is { } d => Completion(d, facts),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string, IReadOnlyList<string>) StatusChange(StatusChangedData d, NoteFacts f)
    {
        var to = Status(d.To);
        var lines = new List<string> { $"Aktivitet på resept {Reference(f)} har fått ny status: {to}." };
        if (d.From is { } from)
        {
            lines.Add($"Forrige status: {Status(from)}.");
        }

        lines.Add($"Endret av: {Actor(d.ByRole)}.");

        // The system's own reasons are fixed English texts; a person's reason is what they wrote for the referrer.
        if (d.ByRole != "system" && d.Reason is { Length: > 0 } reason)
        {
            lines.Add($"Begrunnelse: {reason}");
        }

        lines.Add(Period(f));
        return ($"Aktivitet på resept: status {to.ToLower(Nb)}", lines);
    }

    private static (string, IReadOnlyList<string>) Adherence(AdherenceReportData d, NoteFacts f) =>
        ($"Aktivitet på resept: oppmøte {Date(d.From)}–{Date(d.Through)}",
        [
            $"Oppmøterapport for aktivitet på resept {Reference(f)}.",
            $"{Date(d.From)}–{Date(d.Through)}: {d.Attended} av {d.Prescribed} foreskrevne økter gjennomført.",
            $"Hittil i perioden: {d.AttendedToDate} av {d.PrescribedToDate} foreskrevne økter.",
            Period(f),
        ]);

    private static (string, IReadOnlyList<string>) Completion(CompletedData d, NoteFacts f)
    {
        var lines = new List<string>
        {
            $"Sluttrapport for aktivitet på resept {Reference(f)}.",
            $"Perioden {Date(d.StartDate)}–{Date(d.EndDate)} er avsluttet med status: {Status(d.FinalStatus)}.",
            $"Oppmøte: {d.Attended} av {d.Prescribed} foreskrevne økter" +
                (d.Rate is { } rate ? $" ({Math.Round(rate * 100m).ToString(Nb)} %)." : "."),
        };
        if (d.Minutes is { } minutes)
        {
            lines.Add($"Registrert treningstid: {minutes.ToString(Nb)} minutter.");
        }

        if (d.Programme is { } programme)
        {
            lines.Add(programme.Status switch
            {
                ProgrammeHandoverData.Registered => $"Aktiv på dagtid: deltakeren er registrert i «{programme.Name}».",
                ProgrammeHandoverData.Offered => $"Aktiv på dagtid: deltakeren har fått tilbud om «{programme.Name}», men er ikke registrert ennå.",
                _ => $"Aktiv på dagtid: deltakeren fyller ikke vilkårene for «{programme.Name}» og har ikke fått tilbud.",
            });
        }

        if (d.Outcomes is { Count: > 0 } changes)
        {
            lines.Add($"Endring fra start til slutt: {string.Join("; ", OutcomeChangeText.Sentences(Norwegian, Nb, changes))}.");
        }

        return ("Aktivitet på resept: sluttrapport", lines);
    }

    /// <summary>The web pages' Norwegian texts (UiText.resx), so the note names an instrument as the page does.</summary>
    private static readonly System.Resources.ResourceManager UiTexts = new(typeof(Components.Localization.UiText));

    private static string Norwegian(string key, object[] args) =>
        string.Format(Nb, UiTexts.GetString(key, Nb) ?? key, args);

    private static string Reference(NoteFacts f) => $"(referanse {f.PrescriptionId})";

    private static string Period(NoteFacts f) => $"Reseptens periode: {Date(f.StartDate)}–{Date(f.EndDate)}.";

    private static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static string Status(string status) => Enum.TryParse<PrescriptionStatus>(status, out var s)
        ? s switch
        {
            PrescriptionStatus.Draft => "Utkast",
            PrescriptionStatus.Issued => "Utstedt",
            PrescriptionStatus.Accepted => "Akseptert av treningssenteret",
            PrescriptionStatus.Active => "Pågår",
            PrescriptionStatus.Completed => "Fullført",
            PrescriptionStatus.Rejected => "Avvist av treningssenteret",
            PrescriptionStatus.Expired => "Utløpt",
            PrescriptionStatus.Cancelled => "Trukket tilbake",
            PrescriptionStatus.DroppedOut => "Avbrutt",
            _ => status,
        }
        : status;

    private static string Actor(string role) => role switch
    {
        Roles.Referrer or Roles.Ehr => "henviser",
        Roles.ProviderAdmin => "treningssenteret",
        Roles.Trainer => "treneren",
        Roles.Participant => "deltakeren",
        _ => "AktivResept (automatisk)",
    };
}
