using AktivResept.Domain.Eligibility;

namespace AktivResept.Server.Features.Benefits;

/// <summary>A row of the built-in benefits registry: keyed by the person's national-id hash, like the real one would be by id.</summary>
public sealed class BenefitPeriodRecord
{
    public long Id { get; set; }

    public string NationalIdHash { get; set; } = string.Empty;

    public BenefitKind Kind { get; set; }

    public DateOnly From { get; set; }

    public DateOnly? To { get; set; }

    public string Source { get; set; } = string.Empty;

    public BenefitPeriod ToDomain() => new(Kind, From, To);
}
