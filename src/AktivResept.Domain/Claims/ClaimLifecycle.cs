namespace AktivResept.Domain.Claims;

/// <summary>The claim status graph, and how line decisions settle a claim.</summary>
public static class ClaimLifecycle
{
    private static readonly Dictionary<ClaimStatus, ClaimStatus[]> Moves = new()
    {
        [ClaimStatus.Draft] = [ClaimStatus.Submitted],
        [ClaimStatus.Submitted] = [ClaimStatus.UnderReview],
        [ClaimStatus.UnderReview] = [ClaimStatus.Approved, ClaimStatus.PartiallyApproved, ClaimStatus.Rejected],
        [ClaimStatus.Approved] = [ClaimStatus.Paid],
        [ClaimStatus.PartiallyApproved] = [ClaimStatus.Paid],
        [ClaimStatus.Rejected] = [],
        [ClaimStatus.Paid] = [],
    };

    public static bool CanMove(ClaimStatus from, ClaimStatus to) => Moves[from].Contains(to);

    /// <summary>Lines a payer can still decide on; refused lines were never payable.</summary>
    public static bool IsOpenForDecision(ClaimLineStatus status) => status == ClaimLineStatus.Priced;

    /// <summary>
    /// The claim's outcome once every payable line is decided: all approved, none approved, or some of each.
    /// Null while a line is still undecided.
    /// </summary>
    public static ClaimStatus? Outcome(IEnumerable<ClaimLineStatus> lines)
    {
        var payable = lines.Where(l => l != ClaimLineStatus.Refused).ToList();
        if (payable.Any(IsOpenForDecision))
        {
            return null;
        }

        var approved = payable.Count(l => l == ClaimLineStatus.Approved);
        return approved == 0 ? ClaimStatus.Rejected
            : approved == payable.Count ? ClaimStatus.Approved
            : ClaimStatus.PartiallyApproved;
    }
}
