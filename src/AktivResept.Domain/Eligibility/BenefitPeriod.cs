namespace AktivResept.Domain.Eligibility;

/// <summary>A period in which a person receives a benefit; <see cref="To"/> null means open-ended.</summary>
public sealed record BenefitPeriod(BenefitKind Kind, DateOnly From, DateOnly? To)
{
    public bool Covers(DateOnly day) => day >= From && (To is null || day <= To);
}
