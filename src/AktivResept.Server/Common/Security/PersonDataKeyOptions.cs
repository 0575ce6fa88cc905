namespace AktivResept.Server.Common.Security;

/// <summary>Section <c>Security</c>: the keys that protect person data (<see cref="AtRestCipher"/>, <see cref="NationalIdLookupHash"/>).</summary>
public sealed class PersonDataKeyOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Base64 256-bit AES key that encrypts national ids (and other secrets) at rest: the legacy, unnamed key, known in
    /// the ring as <see cref="PersonDataEnvelope.LegacyKeyId"/>. Values written before key ids existed carry no id and
    /// are opened with it. Optional once every value is under a named key (docs/security.md "Key rotation").
    /// </summary>
    public string PersonDataKey { get; set; } = string.Empty;

    /// <summary>The key ring: <c>Security:PersonDataKeys:{keyId}</c> = base64 256-bit key. Every key here is read.</summary>
    public Dictionary<string, string> PersonDataKeys { get; set; } = [];

    /// <summary>The key id new values are written with; unset means the legacy key (and then it must be configured).</summary>
    public string? PersonDataKeyId { get; set; }

    /// <summary>Base64 key for the keyed hash (HMAC-SHA256) we look national ids up by.</summary>
    public string PersonLookupKey { get; set; } = string.Empty;
}
