namespace AktivResept.Server.Common.Security;

/// <summary>Reads a configured 256-bit key, refusing a missing or malformed one at start-up.</summary>
internal static class ConfiguredKey
{
    /// <summary>Whether a setting holds a base64-encoded 256-bit key (checked before start, StartupSettings).</summary>
    public static bool IsValid(string base64)
    {
        Span<byte> key = stackalloc byte[33];
        return Convert.TryFromBase64String(base64.Trim(), key, out var length) && length == 32;
    }

    public static byte[] Decode(string base64, string name)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new InvalidOperationException($"{name} is not configured. Set it from a secret store (never in the repository).");
        }

        var key = Convert.FromBase64String(base64);
        return key.Length == 32
            ? key
            : throw new InvalidOperationException($"{name} must be a base64-encoded 256-bit key.");
    }
}
