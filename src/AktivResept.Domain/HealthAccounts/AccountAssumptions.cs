using AktivResept.Domain.Errors;

namespace AktivResept.Domain.HealthAccounts;

/// <summary>How a follow-up that was not measured enters the outcome change and the QALYs.</summary>
public enum MissingDataHandling
{
    /// <summary>Only persons measured at baseline and at the timepoint (the default).</summary>
    CompleteCases,

    /// <summary>The person's last earlier measurement stands in for the missing one.</summary>
    LastObservationCarriedForward,

    /// <summary>The baseline stands in (no change assumed: the conservative alternative).</summary>
    BaselineCarriedForward,
}

/// <summary>An assumption outside its allowed range, named by its JSON name so the server can answer 400 naming it.</summary>
public sealed record AssumptionViolation(string Field, Error Error);

/// <summary>
/// Every switchable assumption of the health account, with its default. The report echoes them all, so a reader sees
/// what the figures rest on. JSON names (camelCase of the properties) are the names the API and the violations use.
/// </summary>
public sealed record AccountAssumptions
{
    public const string DiscountRatePercentField = "discountRatePercent";
    public const string MissingField = "missing";
    public const string MissingAlternativeField = "missingAlternative";
    public const string ValueSetNameField = "valueSetName";
    public const string SickLeaveWindowDaysField = "sickLeaveWindowDays";
    public const string SickLeaveDailyCostNokField = "sickLeaveDailyCostNok";

    public const decimal MinDiscountRatePercent = 0m;
    public const decimal MaxDiscountRatePercent = 10m;
    public const int MinSickLeaveWindowDays = 30;
    public const int MaxSickLeaveWindowDays = 730;
    public const decimal MinSickLeaveDailyCostNok = 0m;
    public const decimal MaxSickLeaveDailyCostNok = 20_000m;
    public const int MaxValueSetNameLength = 100;

    public static readonly AccountAssumptions Default = new();

    /// <summary>
    /// Percent per year for costs and QALYs beyond the first year. 4 % is the rate the Ministry of Finance's
    /// Rundskriv R-109/2021 and the Norwegian Medicines Agency's guidelines use for health measures.
    /// </summary>
    public decimal DiscountRatePercent { get; init; } = 4m;

    /// <summary>The handling the headline figures use; complete cases unless switched.</summary>
    public MissingDataHandling Missing { get; init; } = MissingDataHandling.CompleteCases;

    /// <summary>The handling shown side by side with <see cref="Missing"/>.</summary>
    public MissingDataHandling MissingAlternative { get; init; } = MissingDataHandling.BaselineCarriedForward;

    /// <summary>The EQ-5D-5L value set the stored indices were computed with, echoed as given (Outcomes:Eq5dValueSet:Name).</summary>
    public string ValueSetName { get; init; } = "demo-placeholder";

    /// <summary>Days of the window before the start and, of the same length, after the end, for sick leave.</summary>
    public int SickLeaveWindowDays { get; init; } = 180;

    /// <summary>
    /// What one day of sickness benefit or AAP costs society, NOK (a demo figure in the range of published Norwegian
    /// estimates of a lost working day; set the scope's own).
    /// </summary>
    public decimal SickLeaveDailyCostNok { get; init; } = 2_800m;

    /// <summary>Every assumption outside its allowed range, in field order; empty when all are valid.</summary>
    public IReadOnlyList<AssumptionViolation> Validate()
    {
        var violations = new List<AssumptionViolation>();
        if (DiscountRatePercent is < MinDiscountRatePercent or > MaxDiscountRatePercent)
        {
            violations.Add(Between(DiscountRatePercentField, MinDiscountRatePercent, MaxDiscountRatePercent));
        }

        if (!Enum.IsDefined(Missing))
        {
            violations.Add(new(MissingField, ErrorCodes.OneOf.With(("allowed", Allowed))));
        }

        if (!Enum.IsDefined(MissingAlternative))
        {
            violations.Add(new(MissingAlternativeField, ErrorCodes.OneOf.With(("allowed", Allowed))));
        }

        if (string.IsNullOrWhiteSpace(ValueSetName) || ValueSetName.Length > MaxValueSetNameLength)
        {
            violations.Add(new(ValueSetNameField, ErrorCodes.RequiredMaxLength.With(("max", MaxValueSetNameLength))));
        }

        if (SickLeaveWindowDays is < MinSickLeaveWindowDays or > MaxSickLeaveWindowDays)
        {
            violations.Add(Between(SickLeaveWindowDaysField, MinSickLeaveWindowDays, MaxSickLeaveWindowDays));
        }

        if (SickLeaveDailyCostNok is < MinSickLeaveDailyCostNok or > MaxSickLeaveDailyCostNok || decimal.Round(SickLeaveDailyCostNok, 2) != SickLeaveDailyCostNok)
        {
            violations.Add(Between(SickLeaveDailyCostNokField, MinSickLeaveDailyCostNok, MaxSickLeaveDailyCostNok));
        }

        return violations;
    }

    private static string Allowed => string.Join(", ", Enum.GetNames<MissingDataHandling>());

    private static AssumptionViolation Between(string field, object min, object max) =>
        new(field, ErrorCodes.Between.With(("min", min), ("max", max)));
}
