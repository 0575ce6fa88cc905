namespace AktivResept.Server.Features.Integrations;

/// <summary>Configuration section <c>Integrations</c>.</summary>
public sealed class IntegrationOptions
{
    public const string Section = "Integrations";

    /// <summary>Senders that do not name their integration are matched against every enabled one only up to this many.</summary>
    public int UnnamedLookupLimit { get; set; } = 20;

    /// <summary>Requests per integration per <see cref="RateLimitWindowSeconds"/> before 429.</summary>
    public int RateLimitRequests { get; set; } = 600;

    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>How long the previous secret keeps working after a rotation, unless the rotation says otherwise.</summary>
    public int RotationOverlapHours { get; set; } = 24;
}
