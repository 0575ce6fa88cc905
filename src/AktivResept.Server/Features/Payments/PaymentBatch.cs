namespace AktivResept.Server.Features.Payments;

/// <summary>
/// A payer's export of approved claims: the pain.001 credit-transfer file and the CSV remittance, kept exactly as
/// exported so a re-download gives the same bytes. Marking it paid moves its claims to Paid, once.
/// </summary>
public sealed class PaymentBatch
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PayerId { get; set; }

    /// <summary>The pain.001 message id (≤ 35 characters).</summary>
    public string MessageId { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateOnly ExecutionDate { get; set; }

    public int TransactionCount { get; set; }

    public decimal ControlSum { get; set; }

    public string Pain001Xml { get; set; } = string.Empty;

    public string RemittanceCsv { get; set; } = string.Empty;

    public DateTimeOffset? PaidAt { get; set; }

    public string? PaidBy { get; set; }
}
