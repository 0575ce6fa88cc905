namespace AktivResept.Server.Features.Integrations;

/// <summary>
/// A Standard Webhooks signing secret (<c>whsec_…</c>), stored encrypted. During rotation two are active: the new one
/// and the old one until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class IntegrationSecret
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IntegrationId { get; set; }

    /// <summary>The raw key bytes (what <c>whsec_</c> base64-encodes), AES-GCM encrypted.</summary>
    public byte[] KeyProtected { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the secret stops being accepted; null while it is the current one.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}
