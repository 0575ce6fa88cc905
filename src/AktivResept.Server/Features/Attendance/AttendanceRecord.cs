using AktivResept.Domain.Adherence;
using AktivResept.Domain.Claims;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// One attendance event, from a gym system's webhook or a trainer's registration. Events that match no participant or
/// no prescription are kept with <see cref="Reconciliation"/> = Pending until a provider admin links or dismisses them.
/// </summary>
public sealed class AttendanceRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProviderId { get; set; }

    public AttendanceSource Source { get; set; }

    /// <summary>The integration (webhook) or trainer (registration) that reported it; with <see cref="ExternalId"/> unique.</summary>
    public Guid SourceId { get; set; }

    /// <summary>The sender's own event id: the same id from the same source is stored once.</summary>
    public string ExternalId { get; set; } = string.Empty;

    public AttendanceKind Kind { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public Guid? LocationId { get; set; }

    /// <summary>The gym's member reference or our participant token, as sent.</summary>
    public string? MemberRef { get; set; }

    public Guid? ParticipantId { get; set; }

    public Guid? PrescriptionId { get; set; }

    public Guid? TrainerId { get; set; }

    public int? DurationMinutes { get; set; }

    /// <summary>What a trainer registered a one-to-one session as (diet guidance, initial assessment); null means by its kind.</summary>
    public ServiceType? Service { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public ReconciliationState Reconciliation { get; set; }

    /// <summary>Why it is in the reconciliation queue, or why it was dismissed.</summary>
    public string? ReconciliationNote { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }
}

public enum AttendanceSource
{
    Webhook,
    Trainer,
}

public enum ReconciliationState
{
    /// <summary>Counted against a prescription.</summary>
    Matched,

    /// <summary>Waiting for a provider admin: unknown member reference, or outside any prescription.</summary>
    Pending,

    /// <summary>Linked by a provider admin after the fact.</summary>
    Linked,

    /// <summary>Dismissed by a provider admin, with a reason.</summary>
    Dismissed,

    /// <summary>Deleted by the trainer who registered it, with a reason (<see cref="SessionCorrection"/>): kept, never counted.</summary>
    Withdrawn,
}
