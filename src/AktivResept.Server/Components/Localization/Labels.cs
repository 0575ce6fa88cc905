using System.Globalization;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Time;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Localization;

/// <summary>Display text for the domain's enums and instants, in the request's culture.</summary>
public static class Labels
{
    public static string Status(IStringLocalizer<UiText> t, PrescriptionStatus status) => t[$"Status.{status}"];

    public static string Activity(IStringLocalizer<UiText> t, ActivityType activity) => t[$"Activity.{activity}"];

    public static string Funding(IStringLocalizer<UiText> t, FundingSource funding) => t[$"Funding.{funding}"];

    public static string Competence(IStringLocalizer<UiText> t, CertificationKind kind) => t[$"Competence.{kind}"];

    public static string Accessibility(IStringLocalizer<UiText> t, AccessibilityFeature feature) => t[$"Accessibility.{feature}"];

    public static string Benefit(IStringLocalizer<UiText> t, BenefitKind benefit) => t[$"Benefit.{benefit}"];

    public static string Role(IStringLocalizer<UiText> t, string role) => t[$"Role.{role}"];

    public static string ClaimStatus(IStringLocalizer<UiText> t, ClaimStatus status) => t[$"ClaimStatus.{status}"];

    public static string LineStatus(IStringLocalizer<UiText> t, ClaimLineStatus status) => t[$"LineStatus.{status}"];

    public static string Refusal(IStringLocalizer<UiText> t, RefusalReason reason) => t[$"Refusal.{reason}"];

    public static string Signal(IStringLocalizer<UiText> t, ClaimSignal signal) => t[$"Signal.{signal}"];

    public static string PayerReason(IStringLocalizer<UiText> t, PayerReason reason) => t[$"PayerReason.{reason}"];

    public static string Service(IStringLocalizer<UiText> t, ServiceType? service) => service is { } s ? t[$"Service.{s}"] : "–";

    /// <summary>A claimed month (<c>yyyy-MM</c>) as "oktober 2026"; anything else as it is.</summary>
    public static string Month(string month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first.ToString("MMMM yyyy", CultureInfo.CurrentCulture)
            : month;

    /// <summary>
    /// A day as 11.12.2026 in Norwegian; in English as 11 Dec 2026, because the neutral English culture's short date
    /// is US order (12/11/2026), which a Norwegian reader takes for 12 November.
    /// </summary>
    public static string Date(DateOnly date) => date.ToString(IsEnglish ? "d MMM yyyy" : "d", CultureInfo.CurrentCulture);

    /// <summary>An instant as a Norwegian wall-clock time, whatever the server's own zone (English: 11 Dec 2026 14:05).</summary>
    public static string OsloTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Oslo.Zone).ToString(IsEnglish ? "d MMM yyyy HH:mm" : "g", CultureInfo.CurrentCulture);

    private static bool IsEnglish => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "en";

    /// <summary>
    /// A text built from a count, in number agreement: the key's ".One" variant for exactly one ("Hver uke", "1 linje"),
    /// its ".Zero" variant for none where the text has one ("Ingen krav venter"), the key itself with the count otherwise
    /// ("Hver 2. uke", "3 linjer"). The one place a count picks its wording.
    /// </summary>
    public static string Counted(IStringLocalizer<UiText> t, string key, int count) => Counted(t, key, count, [count]);

    /// <summary>
    /// As <see cref="Counted(IStringLocalizer{UiText}, string, int)"/> for a text with more placeholders: <paramref name="count"/>
    /// picks the wording (the number the noun agrees with, e.g. the total in "{0} av {1} økter"), <paramref name="args"/>
    /// fill the placeholders.
    /// </summary>
    public static string Counted(IStringLocalizer<UiText> t, string key, int count, params object[] args) => t[CountedKey(t, key, count), args];

    /// <summary>The key whose text agrees with <paramref name="count"/>: its ".Zero" or ".One" variant where the texts have one.</summary>
    public static string CountedKey(IStringLocalizer<UiText> t, string key, int count)
    {
        var variant = count switch
        {
            0 => ".Zero",
            1 => ".One",
            _ => null,
        };
        return variant is not null && !t[key + variant].ResourceNotFound ? key + variant : key;
    }

    /// <summary>A weekday, date and Norwegian wall-clock time: «fredag 11. desember kl. 14:05», «Friday 11 December 14:05».</summary>
    public static string DayAndTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Oslo.Zone).ToString(IsEnglish ? "dddd d MMMM HH:mm" : "dddd d. MMMM 'kl.' HH:mm", CultureInfo.CurrentCulture);

    /// <summary>A short weekday, date and time for a card: «fre. 11. des. 14:05», «Fri 11 Dec 14:05».</summary>
    public static string ShortDayAndTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Oslo.Zone).ToString(IsEnglish ? "ddd d MMM HH:mm" : "ddd d. MMM HH:mm", CultureInfo.CurrentCulture);

    public static string Km(double km) => km.ToString("0.0", CultureInfo.CurrentCulture);
}
