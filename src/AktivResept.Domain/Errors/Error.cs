using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace AktivResept.Domain.Errors;

/// <summary>
/// An error as it travels: the catalogue code plus typed, named arguments (int, string, DateOnly, decimal money,
/// enums). <see cref="Message"/> is the English rendering for API clients and logs; the web UI renders its own
/// text from <see cref="Code"/> and <see cref="Args"/>. In JSON it is <c>{ "code", "message", "args" }</c>.
/// </summary>
[JsonConverter(typeof(ErrorJsonConverter))]
public sealed record Error(ErrorCode Definition, IReadOnlyDictionary<string, object> Args)
{
    public string Code => Definition.Code;

    public ErrorKind Kind => Definition.Kind;

    public string Message => Render(Definition.Template, Args);

    /// <summary>The arguments as plain JSON-friendly values: dates as yyyy-MM-dd, enums by name.</summary>
    public IReadOnlyDictionary<string, object> WireArgs() =>
        Args.ToDictionary(a => a.Key, a => Wire(a.Value), StringComparer.Ordinal);

    public override string ToString() => $"{Code}: {Message}";

    /// <summary>Two errors are equal when code and arguments are (a record would compare the dictionaries by reference).</summary>
    public bool Equals(Error? other) =>
        other is not null && Definition == other.Definition && Args.Count == other.Args.Count &&
        Args.All(a => other.Args.TryGetValue(a.Key, out var value) && Equals(a.Value, value));

    public override int GetHashCode() => HashCode.Combine(Definition, Args.Count);

    private static object Wire(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => value,
    };

    /// <summary>Fills <c>{name}</c> placeholders with invariant renderings of the arguments.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, object> args) => Render(template, args, Invariant);

    /// <summary>
    /// Fills <c>{name}</c> placeholders with <paramref name="format"/>'s rendering of each argument (the web UI passes its
    /// culture's dates, money and status labels); a placeholder without an argument stays as written.
    /// </summary>
    public static string Render(string template, IReadOnlyDictionary<string, object> args, Func<object, string> format)
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
            text.Append(args.TryGetValue(name, out var value) ? format(value) : template[open..(close + 1)]);
            i = close + 1;
        }

        return text.ToString();
    }

    private static string Invariant(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal money => money.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
