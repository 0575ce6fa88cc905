namespace AktivResept.Server.Features.Notifications;

// The facts each event type stores in PrescriptionEvent.Data (JSON, web defaults). Never a national id or free text
// about health beyond what the referrer wrote in a status reason.

/// <summary><see cref="PrescriptionEventType.StatusChanged"/>.</summary>
public sealed record StatusChangedData(string? From, string To, string? Reason, string ByRole);

/// <summary><see cref="PrescriptionEventType.AdherenceReport"/>: attended vs prescribed over the report's weeks and in total.</summary>
public sealed record AdherenceReportData(DateOnly From, DateOnly Through, int Attended, int Prescribed, int AttendedToDate, int PrescribedToDate);

/// <summary><see cref="PrescriptionEventType.DropoutRisk"/>: how long it has been quiet.</summary>
public sealed record DropoutRiskData(int DaysWithoutAttendance, DateTimeOffset? LastAttendedAt);

/// <summary>
/// <see cref="PrescriptionEventType.Completed"/>: the completion summary, with the hand-over to the local «Aktiv på
/// dagtid» programme when the municipality has one (null otherwise) and each outcome instrument's baseline → end change
/// with whether it reaches the MCID (<c>Domain/Outcomes/OutcomeChanges</c>; empty or absent when none was measured at both).
/// </summary>
public sealed record CompletedData(DateOnly StartDate, DateOnly EndDate, int Attended, int Prescribed, int? Minutes, decimal? Rate, string FinalStatus,
    ProgrammeHandoverData? Programme = null, IReadOnlyList<Domain.Outcomes.OutcomeChange>? Outcomes = null);

/// <summary>
/// The participant's place in the local «Aktiv på dagtid» programme when their prescription completed: already
/// registered, offered (eligible that day), or not eligible. Only the programme's name and the status, never why.
/// </summary>
public sealed record ProgrammeHandoverData(Guid ProgrammeId, string Name, string Status)
{
    public const string Registered = "registered";
    public const string Offered = "offered";
    public const string NotEligible = "not-eligible";
}

/// <summary>
/// <see cref="PrescriptionEventType.ContractKpiNotMet"/>: which contract, KPI (its key) and period (its label); never a
/// figure about people, so the message carries no health data. The dashboard it links to explains the figure.
/// </summary>
public sealed record ContractKpiNotMetData(string Contract, string Kpi, string Period, Guid EvaluationId, int Revision);

/// <summary>
/// <see cref="PrescriptionEventType.SentToProvider"/>: the location the referral was sent to (inbox only), and by which
/// role (absent on events stored before it was recorded): the referrer hears of a send they did not make themselves.
/// </summary>
public sealed record SentToProviderData(string Location, string? ByRole = null);
/// <summary><see cref="PrescriptionEventType.DoseSet"/>: the dose chosen at the initial assessment, and by which role.</summary>
public sealed record DoseSetData(int SessionsPerWeek, int MinutesPerSession, string ByRole);

/// <summary><see cref="PrescriptionEventType.OutcomeRecorded"/>: which instrument and timepoint, and the measurement's id and version; never the value.</summary>
public sealed record OutcomeRecordedData(string Instrument, string? Timepoint, Guid MeasurementId, int Version);

/// <summary><see cref="PrescriptionEventType.OutcomeDue"/> and <see cref="PrescriptionEventType.OutcomeMissed"/>: the timepoint and its due date only.</summary>
public sealed record OutcomeTimepointData(string Timepoint, DateOnly DueDate);

/// <summary>
/// <see cref="PrescriptionEventType.Paused"/> and <see cref="PrescriptionEventType.PauseEnded"/>: the pause's days and the
/// period's new last day; never the reason or the participant's own words.
/// </summary>
public sealed record PauseData(Guid PauseId, DateOnly FirstDay, DateOnly LastDay, int Days, DateOnly EndDate);

/// <summary>
/// <see cref="PrescriptionEventType.ClaimQuestion"/> and <see cref="PrescriptionEventType.ClaimAnswer"/>: which claim
/// (its month and sequence), and whether the message is about one line or carries a file; never the text, which may
/// name a participant, and never who the line is about.
/// </summary>
public sealed record ClaimMessageData(Guid ClaimId, DateOnly Month, int Sequence, bool AboutLine, bool HasAttachment);
