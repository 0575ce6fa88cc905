using AktivResept.Domain.Claims;

namespace AktivResept.Server.Features.Claims;

/// <summary>
/// One session on a claim, priced or refused with reasons, or a credit reversing an earlier line. A session is a charge
/// on at most one claim: a unique index on <see cref="SessionId"/> for charges, not just a check, guards it. An
/// «Aktiv på dagtid» line (a gym-run programme) has no prescription: it names the programme session, and the attended
/// booking when paid per head.
/// </summary>
public sealed class ClaimLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ClaimId { get; set; }

    public ClaimLineKind Kind { get; set; }

    /// <summary>
    /// What the charge bills: the attendance record, or for «Aktiv på dagtid» the attended booking (per head) or the
    /// programme session (per session delivered) — ids are unique across tables, so the one-charge-per-session index
    /// covers all three. Null only on credit lines, which point at <see cref="CreditOfLineId"/>.
    /// </summary>
    public Guid? SessionId { get; set; }

    public Guid? CreditOfLineId { get; set; }

    /// <summary>The prescription billed; null on «Aktiv på dagtid» lines, which need none.</summary>
    public Guid? PrescriptionId { get; set; }

    /// <summary>The person trained; null on a programme line paid per session delivered (it bills no one person).</summary>
    public Guid? ParticipantId { get; set; }

    /// <summary>For «Aktiv på dagtid»: the programme session delivered.</summary>
    public Guid? ProgrammeSessionId { get; set; }

    /// <summary>For «Aktiv på dagtid» paid per head: the attended booking.</summary>
    public Guid? ProgrammeBookingId { get; set; }

    public Guid? TrainerId { get; set; }

    public DateOnly ServiceDate { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public ServiceType? Service { get; set; }

    public Guid? TariffId { get; set; }

    public decimal Tariff { get; set; }

    public decimal PublicShare { get; set; }

    public decimal Copay { get; set; }

    public decimal CoFinancing { get; set; }

    public ClaimLineStatus Status { get; set; }

    public List<RefusalReason> Refusals { get; set; } = [];

    public List<ClaimSignal> Signals { get; set; } = [];

    public PayerReason? PayerReason { get; set; }

    public string? PayerNote { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }
}
