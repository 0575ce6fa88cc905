using AktivResept.Domain.Errors;
namespace AktivResept.Domain.Eligibility;

/// <summary>
/// Whether state reimbursement applies from a start date, and until when. A benefit that ends mid-way still
/// makes the person eligible on issue; <see cref="CoveredUntil"/> tells the referrer when cover stops.
/// </summary>
public sealed record EligibilityResult(bool IsEligible, BenefitKind? Benefit, DateOnly? CoveredUntil, bool CoversWholePeriod, Error? Reason)
{
    public static EligibilityResult NotEligible(Error reason) => new(false, null, null, false, reason);
}
