using AktivResept.Domain.Claims;

namespace AktivResept.Server.Features.Claims;

/// <summary>A claim's status change: who, when, from what to what, and why.</summary>
public sealed class ClaimEvent
{
    public long Id { get; set; }

    public Guid ClaimId { get; set; }

    public ClaimStatus? From { get; set; }

    public ClaimStatus To { get; set; }

    public string Actor { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    public string? Note { get; set; }
}
