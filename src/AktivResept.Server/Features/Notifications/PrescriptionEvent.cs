namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// Something the people following a prescription should hear about, written in the same transaction as the change
/// that caused it (a transactional outbox). The fan-out job turns each into inbox messages, outbound deliveries and
/// e-mail/SMS nudges, exactly once, and stamps <see cref="FannedOutAt"/>.
/// </summary>
public sealed class PrescriptionEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PrescriptionId { get; set; }

    public PrescriptionEventType Type { get; set; }

    /// <summary>Small JSON document with the event's facts (status, week range, counts), never a national id.</summary>
    public string Data { get; set; } = "{}";

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset? FannedOutAt { get; set; }
}

public enum PrescriptionEventType
{
    StatusChanged,
    AdherenceReport,
    DropoutRisk,
    Completed,

    /// <summary>Not a prescription's event: a contract's KPI was not met on a final period (inbox only, never delivered).</summary>
    ContractKpiNotMet,

    /// <summary>A referral was sent to a provider: the provider's inbox hears of it (inbox only, never delivered).</summary>
    SentToProvider,
    /// <summary>The trainer set the dose at the initial assessment (a referral that left it open).</summary>
    DoseSet,

    /// <summary>An outcome measurement was recorded or corrected (instrument and timepoint, never the value).</summary>
    OutcomeRecorded,

    /// <summary>A schedule timepoint is due: a reminder to the trainer and participant, with no health data.</summary>
    OutcomeDue,

    /// <summary>A schedule timepoint passed its grace period without its measurements.</summary>
    OutcomeMissed,

    /// <summary>The participant paused training (dates only, never why): the referrer and the gym hear of it.</summary>
    Paused,

    /// <summary>The participant ended a pause early and trains again.</summary>
    PauseEnded,

    /// <summary>Not a prescription's event: the payer asked about a claim or one of its lines (the gym's inbox only).</summary>
    ClaimQuestion,

    /// <summary>Not a prescription's event: the gym answered in a claim's thread (the payer's inbox only).</summary>
    ClaimAnswer,

    /// <summary>Not a prescription's event: a freed place on an «Aktiv på dagtid» session is offered to the first in its queue.</summary>
    SessionOffer,

    /// <summary>Not a prescription's event: an «Aktiv på dagtid» date the person was booked or waiting for is cancelled.</summary>
    SessionCancelled,

    /// <summary>Not a prescription's event: the instructor's short note to everyone holding a place on a session.</summary>
    SessionNote,
}
