namespace AktivResept.Server.Features.Tariffs;

/// <summary>
/// A funding agreement between a payer and a provider: a municipality's service-concession contract, an employer's
/// occupational-health agreement, or a state pilot. It may carry its own tariffs and the provider's co-financing share.
/// </summary>
public sealed class Contract
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PayerId { get; set; }

    public Guid ProviderId { get; set; }

    public string Name { get; set; } = string.Empty;

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    /// <summary>The share of each session (after copay) the provider co-finances, e.g. 0.30.</summary>
    public decimal CoFinancingShare { get; set; }

    public bool Overlaps(DateOnly from, DateOnly to) => ValidFrom <= to && (ValidTo is null || from <= ValidTo);
}
