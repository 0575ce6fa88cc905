namespace AktivResept.Server.Fhir;

/// <summary>A token search value: <c>system|code</c>, <c>|code</c> (no system) or <c>code</c> (any system).</summary>
public sealed record Token(string? System, string Code)
{
    public static Token Parse(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? new Token(null, value.Trim()) : new Token(value[..bar].Trim(), value[(bar + 1)..].Trim());
    }

    /// <summary>True when the token's system (if any) is the given one.</summary>
    public bool IsIn(string system) => System is null || System == system;
}

/// <summary>Parses literal references (<c>Type/id</c>, absolute URLs ending in it, or a bare id) to our ids.</summary>
public static class FhirReferences
{
    /// <summary>The id in a reference to <paramref name="type"/>, or null when it is not one of ours.</summary>
    public static Guid? IdOf(string? reference, string type, bool allowBareId = false)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        var parts = reference.Trim().TrimEnd('/').Split('/');
        var idText = parts[^1];
        if (parts.Length >= 2 && parts[^2] == "_history" && parts.Length >= 4)
        {
            idText = parts[^3];
            parts = parts[..^2];
        }

        var typed = parts.Length >= 2 && parts[^2] == type;
        if (!typed && !(allowBareId && parts.Length == 1))
        {
            return null;
        }

        return Guid.TryParse(idText, out var id) ? id : null;
    }

    /// <summary>Comma-separated alternatives of a search value (FHIR's OR).</summary>
    public static string[] Alternatives(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
