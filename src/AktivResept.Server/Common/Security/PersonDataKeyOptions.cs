namespace AktivResept.Server.Common.Security;

public sealed class PersonDataOptions
{
    public const string Section = "Security";

    /// <summary>Base64 256-bit AES key that encrypts national ids at rest.</summary>
    public string PersonDataKey { get; set; } = string.Empty;

    /// <summary>Base64 key for the keyed hash (HMAC-SHA256) we look national ids up by.</summary>
    public string PersonLookupKey { get; set; } = string.Empty;
}
