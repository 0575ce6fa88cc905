namespace AktivResept.Domain.Outcomes;

/// <summary>Who records an instrument: the trainer tests, the participant answers questionnaires (some both).</summary>
[Flags]
public enum Respondent
{
    Trainer = 1,
    Participant = 2,
}

/// <summary>The FHIR observation category an instrument's measurements carry.</summary>
public enum OutcomeCategory
{
    Activity,
    Exam,
    Survey,
    VitalSigns,
    SocialHistory,
}

/// <summary>Which way is better, for the chart's clinically important change and the completion summary.</summary>
public enum ChangeDirection
{
    HigherIsBetter,
    LowerIsBetter,
    None,
}

/// <summary>
/// One answer or reading of an instrument: its key, unit (UCUM), plausible range and, where it has one, its LOINC
/// code. Ranges are what a person can plausibly score, so a typo (600 repetitions, 15 m walked in 6 minutes) is refused.
/// </summary>
public sealed record InstrumentComponent(string Key, string Display, string Unit, decimal Min, decimal Max, bool WholeNumber, string? Loinc = null);

/// <summary>The minimal clinically important difference and the published source it is taken from.</summary>
public sealed record Mcid(decimal Value, string Source);

/// <summary>
/// An outcome instrument as data: code (ours, stable), display, the score's LOINC code and UCUM unit, who records
/// it, its components, the plausible range of the score, and the MCID with its cited source (or why there is none).
/// The score is computed from the components by <see cref="InstrumentScoring"/>.
/// </summary>
public sealed record Instrument(
    string Code,
    string Display,
    string? Loinc,
    string Unit,
    Respondent RecordedBy,
    OutcomeCategory Category,
    ChangeDirection Direction,
    decimal Min,
    decimal Max,
    int Decimals,
    Mcid? Mcid,
    string? McidNote,
    IReadOnlyList<InstrumentComponent> Components)
{
    public bool IsQuestionnaire => RecordedBy.HasFlag(Respondent.Participant);

    public InstrumentComponent? Component(string key) => Components.FirstOrDefault(c => c.Key == key);
}
