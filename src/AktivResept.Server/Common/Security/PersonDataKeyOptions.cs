namespace AktivResept.Server.Common.Security;

/// <summary>Section <c>Security</c>: the two keys that protect person data (<see cref="AtRestCipher"/>, <see cref="NationalIdLookupHash"/>).</summary>
public sealed class PersonDataKeyOptions
{
    public const string Section = "Security";

    /// <summary>Base64 256-bit AES key that encrypts national ids (and other secrets) at rest.</summary>
    public string PersonDataKey { get; set; } = string.Empty;

    /// <summary>Base64 key for the keyed hash (HMAC-SHA256) we look national ids up by.</summary>
    public string PersonLookupKey { get; set; } = string.Empty;
}
