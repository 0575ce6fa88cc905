using AktivResept.Domain.Claims;

namespace AktivResept.Server.Features.Claims;

/// <summary>
/// A provider's claim to one payer for one calendar month (Europe/Oslo). The first claim of a month has sequence 0;
/// sessions that arrive after it was submitted go on a supplementary claim with the next sequence.
/// </summary>
public sealed class Claim
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProviderId { get; set; }

    public Guid PayerId { get; set; }

    /// <summary>The first day of the claimed month.</summary>
    public DateOnly Month { get; set; }

    public int Sequence { get; set; }

    public ClaimStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public Guid? PaymentBatchId { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public decimal TotalTariff { get; set; }

    public decimal TotalPublicShare { get; set; }

    public decimal TotalCopay { get; set; }

    public decimal TotalCoFinancing { get; set; }

    /// <summary>What the payer pays: the public share of approved lines (credits included, negative).</summary>
    public decimal ApprovedPublicShare { get; set; }

    public int PricedLines { get; set; }

    public int RefusedLines { get; set; }

    /// <summary>Optimistic concurrency: regenerating, submitting and deciding cannot overwrite each other.</summary>
    public int Version { get; set; }

    public List<ClaimLine> Lines { get; set; } = [];

    public bool IsSupplementary => Sequence > 0;

    /// <summary>Recomputes the stored totals from the lines, so the claim total is always the sum of its lines.</summary>
    public void Recount(IReadOnlyCollection<ClaimLine> lines)
    {
        var payable = lines.Where(l => l.Status != ClaimLineStatus.Refused).ToList();
        TotalTariff = payable.Sum(l => l.Tariff);
        TotalPublicShare = payable.Sum(l => l.PublicShare);
        TotalCopay = payable.Sum(l => l.Copay);
        TotalCoFinancing = payable.Sum(l => l.CoFinancing);
        ApprovedPublicShare = payable.Where(l => l.Status == ClaimLineStatus.Approved).Sum(l => l.PublicShare);
        PricedLines = payable.Count;
        RefusedLines = lines.Count - payable.Count;
    }
}
