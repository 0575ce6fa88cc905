namespace AktivResept.Server.Features.Research;

/// <summary>The type of an exported column, as the data dictionary states it and the Parquet schema types it.</summary>
public enum ResearchValueType
{
    Text,
    Integer,
    Decimal,
    Boolean,
    Date,
}

/// <summary>
/// One variable a project may receive: its stable name (the column name, or the prefix of a family of columns), what
/// it means, its type and unit. A family (outcomes, costs) expands to one column per instrument and time point or payer.
/// </summary>
public sealed record ResearchVariable(string Name, string Description, ResearchValueType Type, string? Unit, bool IsDate = false, bool IsFamily = false);

/// <summary>
/// The catalogue of variables a research project can be approved for (issue 17). Every value comes from what the health
/// account already computes per referral (<c>AccountCohortLoader</c>), so the export never has a rule of its own for
/// adherence, completion or costs. Nothing here identifies a person: age in bands, no birth date, no name, no id.
/// </summary>
public static class ResearchVariables
{
    public const string AgeBand = "age_band";
    public const string Sex = "sex";
    public const string Municipality = "municipality";
    public const string County = "county";
    public const string BenefitGroup = "benefit_group";
    public const string ReferralDate = "referral_date";
    public const string StartDate = "start_date";
    public const string CompletionDate = "completion_date";
    public const string WeeklyDoseReached = "weekly_dose_reached";
    public const string AdherentWeek12 = "adherent_week12";
    public const string Completed = "completed";
    public const string DroppedOut = "dropped_out";
    public const string Outcomes = "outcome";
    public const string Costs = "cost";

    public static readonly IReadOnlyList<ResearchVariable> All =
    [
        new(AgeBand, "Age at referral in bands (0-17, 18-29, 30-44, 45-59, 60-67, 68+), as the health account bands it.", ResearchValueType.Text, "years"),
        new(Sex, "Sex (female/male).", ResearchValueType.Text, null),
        new(Municipality, "The participant's municipality number (kommunenummer) today.", ResearchValueType.Text, null),
        new(County, "The county number: the first two digits of the municipality number.", ResearchValueType.Text, null),
        new(BenefitGroup, "The benefit the referral was eligible by (registry period covering the start, else the referral's own); empty when none.", ResearchValueType.Text, null),
        new(ReferralDate, "The day the referral was issued (Europe/Oslo), handled as the project's date setting says.", ResearchValueType.Date, null, IsDate: true),
        new(StartDate, "The first day of the prescribed period.", ResearchValueType.Date, null, IsDate: true),
        new(CompletionDate, "The last day of the period when the prescription was completed; empty otherwise.", ResearchValueType.Date, null, IsDate: true),
        new(WeeklyDoseReached, "Per prescribed week that has ended, whether the prescribed dose was reached (1) or not (0), weeks separated by spaces.", ResearchValueType.Text, "per week"),
        new(AdherentWeek12, "Whether the prescribed dose was reached in week 12 (the adherence KPI's verdict).", ResearchValueType.Boolean, null),
        new(Completed, "Whether the prescription was completed.", ResearchValueType.Boolean, null),
        new(DroppedOut, "Whether the prescription ended as dropped out (its lifecycle status DroppedOut, as the dropout-rate KPI counts it).", ResearchValueType.Boolean, null),
        new(Outcomes, "Outcome measures: one column outcome_{instrument}_{timepoint} per instrument and time point with the current score.", ResearchValueType.Decimal, "score", IsFamily: true),
        new(Costs, "Approved claim costs by payer: one column cost_{payer} per payer (state, municipality, employer, copay, private co-financing).", ResearchValueType.Decimal, "NOK", IsFamily: true),
    ];

    public static ResearchVariable? Find(string? name) => All.FirstOrDefault(v => v.Name == name);
}
