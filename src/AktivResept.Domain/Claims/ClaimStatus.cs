namespace AktivResept.Domain.Claims;

/// <summary>Draft → Submitted → UnderReview → Approved / PartiallyApproved / Rejected → Paid (Rejected is final).</summary>
public enum ClaimStatus
{
    Draft,
    Submitted,
    UnderReview,
    Approved,
    PartiallyApproved,
    Rejected,
    Paid,
}
