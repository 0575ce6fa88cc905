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
        // An error that counts something ({count}) takes the text in number agreement, as every counted text does.
        var key = error.Args.TryGetValue("count", out var count) && count is int n ? Labels.CountedKey(t, KeyPrefix + error.Code, n) : KeyPrefix + error.Code;
        var text = t[key];
        return text.ResourceNotFound ? error.Message : Error.Render(text.Value, error.Args, value => Format(t, value));
    }

    /// <summary>
    /// A required field's message that names the field by its visible label («Fyll inn fødselsnummer.», «Enter national
    /// identity number.»), or null for any other error. The code stays "required"; only the words name the field.
    /// </summary>
    public static string? NamingField(IStringLocalizer<UiText> t, Error error, string label)
    {
        if (error.Code == ErrorCodes.Required.Code)
        {
            return t["Form.Enter", FieldName(label)].Value;
        }

        return error.Code == ErrorCodes.RequiredMaxLength.Code && error.Args.TryGetValue("max", out var max)
            ? t["Form.EnterAtMost", FieldName(label), Format(t, max)].Value
            : null;
    }

    /// <summary>A label inside a sentence: «Fødselsnummer» → «fødselsnummer», but «HPR-nummer» stays as it is.</summary>
    public static string FieldName(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && char.IsLower(label[1])
            ? char.ToLower(label[0], CultureInfo.CurrentCulture) + label[1..]
            : label;

    private static string Format(IStringLocalizer<UiText> t, object value) => value switch
    {
        DateOnly date => Labels.Date(date),
        DateTimeOffset at => Labels.OsloTime(at),
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
