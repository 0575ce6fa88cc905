namespace AktivResept.Domain.Claims;

/// <summary>A candidate session after validation: priced when <see cref="Reasons"/> is empty, refused otherwise.</summary>
public sealed record ValidatedLine(
    SessionCandidate Session,
    DateOnly Date,
    ServiceType? Service,
    IReadOnlyList<RefusalReason> Reasons,
    Tariff? Tariff,
    LinePrice Price)
{
    public bool IsPriced => Reasons.Count == 0;
}
