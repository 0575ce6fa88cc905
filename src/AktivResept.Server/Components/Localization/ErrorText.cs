using System.Globalization;
using System.Text;
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
        return text.ResourceNotFound ? error.Message : Fill(t, text.Value, error.Args);
    }

    private static string Fill(IStringLocalizer<UiText> t, string template, IReadOnlyDictionary<string, object> args)
    {
        var text = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }

            text.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            text.Append(args.TryGetValue(name, out var value) ? Format(t, value) : template[open..(close + 1)]);
            i = close + 1;
        }

        return text.ToString();
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
