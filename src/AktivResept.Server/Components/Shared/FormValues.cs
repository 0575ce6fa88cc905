using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace AktivResept.Server.Components.Shared;

/// <summary>Reads a posted form leniently: what cannot be parsed comes back null and the caller names the field.</summary>
public sealed class FormValues(IFormCollection form)
{
    public string? Text(string name) =>
        form.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) && !string.IsNullOrWhiteSpace(value.ToString())
            ? value.ToString().Trim()
            : null;

    public IReadOnlyList<string> All(string name) =>
        form.TryGetValue(name, out var values) ? [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!)] : [];

    /// <summary>Null when empty; <paramref name="invalid"/> is true when something was typed that is not a whole number.</summary>
    public int? Int(string name, out bool invalid)
    {
        var text = Text(name);
        invalid = false;
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        invalid = true;
        return null;
    }

    public DateOnly? Date(string name, out bool invalid)
    {
        var text = Text(name);
        invalid = false;
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ||
            DateOnly.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.None, out value))
        {
            return value;
        }

        invalid = true;
        return null;
    }

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(Text(name), ignoreCase: false, out var value) && System.Enum.IsDefined(value) ? value : null;

    public Guid? Guid(string name) => System.Guid.TryParse(Text(name), out var id) ? id : null;
}
