using static AktivResept.Domain.Outcomes.ChangeDirection;
using static AktivResept.Domain.Outcomes.OutcomeCategory;

namespace AktivResept.Domain.Outcomes;

/// <summary>
/// The outcome instruments, as data. Codes never change once published. MCID sources are cited in full in
/// docs/outcomes.md; where the literature has no agreed MCID the note says so and no change is marked.
/// </summary>
public static class InstrumentCatalogue
{
    public const string ExerciseVitalSign = "exercise-vital-sign";
    public const string SitToStand = "sit-to-stand-30s";
    public const string SixMinuteWalk = "six-minute-walk";
    public const string GripStrength = "grip-strength";
    public const string WeightBmi = "weight-bmi";
    public const string Waist = "waist";
    public const string BloodPressure = "blood-pressure";
    public const string Eq5d5l = "eq-5d-5l";
    public const string WorkStatus = "work-status";
    public const string SickLeaveDays = "sick-leave-days";

    /// <summary>The single component of a one-reading instrument.</summary>
    public const string Value = "value";

    /// <summary>EQ-5D-5L's five dimensions, in the instrument's order, then the VAS.</summary>
    public static readonly IReadOnlyList<string> Eq5dDimensions = ["mobility", "self-care", "usual-activities", "pain-discomfort", "anxiety-depression"];

    public const string Eq5dVas = "vas";

    public static readonly IReadOnlyList<Instrument> All =
    [
        new(ExerciseVitalSign, "Exercise vital sign (minutes of moderate to vigorous activity per week)", "82290-8", "min/wk",
            Respondent.Participant | Respondent.Trainer, Activity, HigherIsBetter, 0, 4200, 0, null,
            "No published MCID for the exercise vital sign; the chart marks none.",
            [
                new("days-per-week", "Days per week of moderate to strenuous physical activity", "d/wk", 0, 7, true, "89555-7"),
                new("minutes-per-day", "Minutes per day on those days", "min/d", 0, 600, true, "68516-4"),
            ]),
        new(SitToStand, "30-second sit-to-stand", null, "{repetitions}", Respondent.Trainer, Exam, HigherIsBetter, 0, 60, 0,
            new(2, "Wright AA et al. J Orthop Sports Phys Ther 2011;41(5):319-327 (hip osteoarthritis, MCID 2 repetitions)"), null,
            [new(Value, "Repetitions in 30 seconds", "{repetitions}", 0, 60, true)]),
        new(SixMinuteWalk, "6-minute walk distance", null, "m", Respondent.Trainer, Exam, HigherIsBetter, 0, 1200, 0,
            new(30, "Holland AE et al. ERS/ATS technical standard on field walking tests. Eur Respir J 2014;44:1428-1446 (MCID 30 m, range 25-33 m)"), null,
            [new(Value, "Metres walked in 6 minutes", "m", 0, 1200, true)]),
        new(GripStrength, "Grip strength (dominant hand, best of three)", null, "kg", Respondent.Trainer, Exam, HigherIsBetter, 0, 120, 1,
            new(5, "Bohannon RW. Minimal clinically important difference for grip strength: a systematic review. J Phys Ther Sci 2019;31(1):75-78 (5.0-6.5 kg)"), null,
            [new(Value, "Grip strength", "kg", 0, 120, false)]),
        new(WeightBmi, "Body mass index", "39156-5", "kg/m2", Respondent.Trainer, VitalSigns, LowerIsBetter, 10, 90, 1, null,
            "No MCID for BMI as such; a 5% weight change is the usual clinical threshold (docs/outcomes.md).",
            [
                new("weight", "Body weight", "kg", 25, 350, false, "29463-7"),
                new("height", "Body height", "cm", 120, 230, false, "8302-2"),
            ]),
        new(Waist, "Waist circumference", "8280-0", "cm", Respondent.Trainer, VitalSigns, LowerIsBetter, 40, 250, 1, null,
            "No agreed MCID for waist circumference; the chart marks none.",
            [new(Value, "Waist circumference", "cm", 40, 250, false)]),
        new(BloodPressure, "Blood pressure (systolic shown)", "85354-9", "mm[Hg]", Respondent.Trainer, VitalSigns, LowerIsBetter, 60, 260, 0,
            new(5, "Blood Pressure Lowering Treatment Trialists' Collaboration. Lancet 2021;397:1625-1636 (5 mmHg lower systolic: about 10% fewer major cardiovascular events)"), null,
            [
                new("systolic", "Systolic blood pressure", "mm[Hg]", 60, 260, true, "8480-6"),
                new("diastolic", "Diastolic blood pressure", "mm[Hg]", 30, 160, true, "8462-4"),
            ]),
        new(Eq5d5l, "EQ-5D-5L index", null, "{index}", Respondent.Participant, Survey, HigherIsBetter, -1, 1, 3,
            new(0.037m, "McClure NS et al. Instrument-defined estimates of the minimally important difference for EQ-5D-5L index scores. Value Health 2017;20(4):644-650 (0.037-0.069 by value set)"), null,
            [
                new("mobility", "Mobility", "{level}", 1, 5, true),
                new("self-care", "Self-care", "{level}", 1, 5, true),
                new("usual-activities", "Usual activities", "{level}", 1, 5, true),
                new("pain-discomfort", "Pain / discomfort", "{level}", 1, 5, true),
                new("anxiety-depression", "Anxiety / depression", "{level}", 1, 5, true),
                new(Eq5dVas, "EQ VAS (0 worst, 100 best imaginable health)", "{score}", 0, 100, true),
            ]),
        new(WorkStatus, "Work status (self-reported)", null, "{status}", Respondent.Participant, SocialHistory, None, 1, 6, 0, null,
            "A category, not a scale: no MCID. 1 working full time, 2 part time, 3 on sick leave, 4 work assessment allowance (AAP), 5 unemployed, 6 other.",
            [new(Value, "Work status", "{status}", 1, 6, true)]),
        new(SickLeaveDays, "Sick-leave days in the last 4 weeks (self-reported)", null, "d", Respondent.Participant, SocialHistory, LowerIsBetter, 0, 28, 0, null,
            "No MCID; registry periods of sickness benefit and AAP come from the benefit registry.",
            [new(Value, "Sick-leave days in the last 4 weeks", "d", 0, 28, true)]),
    ];

    private static readonly Dictionary<string, Instrument> ByCode = All.ToDictionary(i => i.Code, StringComparer.Ordinal);

    public static bool TryFind(string? code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Instrument? instrument)
    {
        instrument = null;
        return code is not null && ByCode.TryGetValue(code, out instrument);
    }

    public static Instrument Get(string code) => ByCode[code];
}
