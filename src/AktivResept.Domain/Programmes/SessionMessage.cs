using System.Text.RegularExpressions;

namespace AktivResept.Domain.Programmes;

/// <summary>Why a message to a session's participants is refused, or <see cref="Accepted"/>.</summary>
public enum MessageVerdict
{
    Accepted,
    Empty,
    TooLong,

    /// <summary>It looks like it carries a national id (11 digits).</summary>
    NationalId,

    /// <summary>It names a health condition, diagnosis or treatment.</summary>
    HealthData,
}

/// <summary>
/// A short practical note from the instructor or coordinator to everyone booked on a session («we meet outside
/// today»). It goes by SMS/e-mail, which must never carry health data: the system adds only the session's date and
/// time, and refuses a text that obviously holds a national id or a health word. The word list catches the obvious,
/// it is no guarantee; the page says so to the sender.
/// </summary>
public static partial class SessionMessage
{
    public const int MaxLength = 300;

    public static MessageVerdict Check(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        return trimmed.Length == 0 ? MessageVerdict.Empty
            : trimmed.Length > MaxLength ? MessageVerdict.TooLong
            : NationalIdPattern().IsMatch(trimmed) ? MessageVerdict.NationalId
            : HealthWords().IsMatch(trimmed) ? MessageVerdict.HealthData
            : MessageVerdict.Accepted;
    }

    /// <summary>The first health word in <paramref name="text"/>, to name it back to the sender; null if none.</summary>
    public static string? HealthWordIn(string text) => HealthWords().Match(text) is { Success: true } match ? match.Value : null;

    /// <summary>The text sent: the session's Oslo date and time, and the sender's words; nothing about the programme or the person.</summary>
    public static string Compose(DateTimeOffset startsAt, string text)
    {
        var local = TimeZoneInfo.ConvertTime(startsAt, Calendar.OsloCalendar.Zone);
        return $"AktivResept, timen {local:dd.MM.} kl. {local:HH.mm}: {text.Trim()}";
    }

    [GeneratedRegex(@"(?<!\d)\d{6}\s?\d{5}(?!\d)")]
    private static partial Regex NationalIdPattern();

    // Norwegian and English stems of diagnoses, conditions and treatment that have no place in an SMS.
    [GeneratedRegex(@"\b(diagnos\w*|sykdom\w*|sykemeld\w*|syke?melding\w*|kreft\w*|cancer|diabet\w*|depresj\w*|depress\w*|angst\w*|anxiety|psykisk\w*|psykiatr\w*|psychiatr\w*|medisin\w*|medication\w*|medikament\w*|smerte\w*|pain|skade\w*|injur\w*|blodtrykk\w*|hjerteinfarkt\w*|hjertesykdom\w*|gravid\w*|pregnan\w*|rusmiddel\w*|rusavhengig\w*|operasjon\w*|operert|surgery|epilep\w*|astma\w*|asthma|lidelse\w*|disorder\w*|symptom\w*|behandling\w*|treatment\w*)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HealthWords();
}
