using System.Globalization;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Components.Shared;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Localization;

/// <summary>
/// Renders a catalogue error in the person's language: the text is the resource <c>Err.{code}</c> with the same
/// named placeholders as the English template, filled with dates, money and statuses as this culture writes them.
/// A code without a text falls back to the English message, so a new rule is never silently hidden.
/// </summary>
public static class ErrorText
{
    public const string KeyPrefix = "Err.";

    public static string Localize(IStringLocalizer<UiText> t, Error error)
    {
        var text = t[KeyPrefix + error.Code];
        return text.ResourceNotFound ? error.Message : Error.Render(text.Value, error.Args, value => Format(t, value));
    }

    private static string Format(IStringLocalizer<UiText> t, object value) => value switch
    {
        DateOnly date => Labels.Date(date),
        decimal money => Money.Format(money),
        PrescriptionStatus status => Labels.Status(t, status),
        ClaimStatus status => Labels.ClaimStatus(t, status),
        ClaimLineStatus status => Labels.LineStatus(t, status),
        CertificationKind kind => Labels.Competence(t, kind),
        ServiceType service => Labels.Service(t, service),
        IFormattable formattable => formattable.ToString(null, CultureInfo.CurrentCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
