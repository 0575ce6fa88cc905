using AktivResept.Domain.Outcomes;

namespace AktivResept.Server.Features.Outcomes;

/// <summary>
/// A measurement to record: the instrument, the schedule timepoint (optional: the nearest by due date when left out),
/// when it was measured, its parts (<c>{"value": 14}</c>, or e.g. <c>{"days-per-week": 3, "minutes-per-day": 40}</c>)
/// and, for a one-part instrument, the unit it is given in (UCUM; optional, checked when given).
/// </summary>
public sealed record RecordOutcomeRequest(string? Instrument, string? Timepoint, DateTimeOffset? EffectiveAt, Dictionary<string, decimal?>? Values, string? Unit = null);

/// <summary>A correction: the corrected parts (all of them), optionally a corrected time, and why (required).</summary>
public sealed record CorrectOutcomeRequest(Dictionary<string, decimal?>? Values, string? Reason, DateTimeOffset? EffectiveAt = null, string? Unit = null);

/// <summary>One version of a measurement. <see cref="ChainId"/> is the measurement; <see cref="Id"/> this version.</summary>
public sealed record OutcomeView(
    Guid Id,
    Guid ChainId,
    int Version,
    Guid PrescriptionId,
    Guid ParticipantId,
    string Instrument,
    string? Timepoint,
    DateTimeOffset EffectiveAt,
    IReadOnlyDictionary<string, decimal> Values,
    decimal Score,
    string Unit,
    string? ValueSet,
    string RecordedByRole,
    DateTimeOffset RecordedAt,
    Guid? SupersedesId,
    DateTimeOffset? SupersededAt,
    string? CorrectionReason)
{
    public bool IsCurrent => SupersededAt is null;
}

/// <summary>A timepoint of the schedule as it stands today (Oslo): status upcoming, due, recorded or missed.</summary>
public sealed record TimepointView(string Code, DateOnly DueDate, DateOnly RemindFrom, DateOnly MissedAfter, string Status, IReadOnlyList<string> Instruments, IReadOnlyList<string> Outstanding);

/// <summary>A prescription's outcomes: its schedule, the current version of every measurement, and the baseline → end changes.</summary>
public sealed record OutcomeSummary(Guid PrescriptionId, string Schedule, IReadOnlyList<TimepointView> Timepoints, IReadOnlyList<OutcomeView> Measurements, IReadOnlyList<OutcomeChange> Changes);
