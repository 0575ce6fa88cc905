using System.Globalization;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Components.Localization;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Features.HealthAccounts.Pdf;

/// <summary>
/// How the health account's figures read, in the request's culture: one place for the page and the PDF, so both show
/// the same words (stage and group names, «skjult» for a suppressed count, «&lt;5» for an estimate from too few persons,
/// intervals, kroner).
/// </summary>
public sealed class HealthAccountText(IStringLocalizer<UiText> t)
{
    public IStringLocalizer<UiText> T => t;

    public string Stage(string stage) => stage.StartsWith(FunnelStages.FollowedUpPrefix, StringComparison.Ordinal)
        ? t["HealthAccount.Stage.followed-up", Timepoint(stage[FunnelStages.FollowedUpPrefix.Length..])]
        : t[$"HealthAccount.Stage.{stage}"];

    public string Dimension(string dimension) => t[$"HealthAccount.Dimension.{dimension}"];

    public string Group(string dimension, string group) => dimension switch
    {
        _ when group == "total" => t["HealthAccount.Total"],
        FunnelStages.Benefit when group == FunnelStages.NoBenefit => t["HealthAccount.NoBenefit"],
        FunnelStages.Benefit when Enum.TryParse<BenefitKind>(group, ignoreCase: true, out var b) => Labels.Benefit(t, b),
        FunnelStages.Sex when Enum.TryParse<PersonSex>(group, ignoreCase: true, out var s) => t[$"HealthAccount.Sex.{s}"],
        _ => group,
    };

    /// <summary>"Trakten etter kjønn": the dimension in lower case inside the sentence.</summary>
    public string FunnelBy(string dimension) => t["HealthAccount.FunnelBy", Dimension(dimension).ToLower(CultureInfo.CurrentCulture)];

    /// <summary>A UCUM unit as read: an annotation's braces dropped ("{repetitions}" reads "repetitions").</summary>
    public static string Unit(string unit) => unit.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal);

    public string Timepoint(string code) => t[$"Timepoint.{code}"];

    public string Instrument(string code) => t[$"Instrument.{code}"];

    public string Payer(CostPayer payer) => t[$"HealthAccount.Payer.{payer}"];

    public string Handling(MissingDataHandling handling) => t[$"HealthAccount.Missing.{handling}"];

    /// <summary>«før–etter, ikke årsakssammenheng» or «sammenligning av armer».</summary>
    public string EffectLabel(string code) => t[$"HealthAccount.Effect.{code}"];

    /// <summary>A count of persons, or «skjult» where suppression hides it.</summary>
    public string Count(int? count) => count?.ToString("N0", CultureInfo.CurrentCulture) ?? t["HealthAccount.Hidden"];

    /// <summary>An estimate, or «&lt;5» where it rests on fewer than five persons (or «–» on none).</summary>
    public string Estimate(double? value, int? basis, string format = "0.00") =>
        value is { } v ? v.ToString(format, CultureInfo.CurrentCulture) : TooFew(basis);

    public string Share(double? share, int? basis) =>
        share is { } s ? s.ToString("P0", CultureInfo.CurrentCulture) : TooFew(basis);

    /// <summary>"1,23 (0,50 til 1,96)": the estimate with its 95 % interval.</summary>
    public string Interval(ConfidenceInterval? ci, int? basis, string format = "0.00") =>
        ci is { } c
            ? t["HealthAccount.Interval", c.Estimate.ToString(format, CultureInfo.CurrentCulture), c.Lower.ToString(format, CultureInfo.CurrentCulture), c.Upper.ToString(format, CultureInfo.CurrentCulture)]
            : TooFew(basis);

    public string Money(decimal? amount, int? basis = null) =>
        amount is { } a ? t["HealthAccount.Kroner", a.ToString("N2", CultureInfo.CurrentCulture)] : TooFew(basis);

    public string Date(DateOnly day) => Labels.Date(day);

    public string Period(AccountPeriod period) => $"{Date(period.From)}–{Date(period.To)}";

    /// <summary>Every assumption as (name, value), in the order the form asks for them.</summary>
    public IReadOnlyList<(string Name, string Value)> Assumptions(AccountAssumptions a) =>
    [
        (t["HealthAccount.Assumption.discountRatePercent"], t["HealthAccount.Percent", a.DiscountRatePercent.ToString("0.##", CultureInfo.CurrentCulture)]),
        (t["HealthAccount.Assumption.missing"], Handling(a.Missing)),
        (t["HealthAccount.Assumption.missingAlternative"], Handling(a.MissingAlternative)),
        (t["HealthAccount.Assumption.valueSetName"], a.ValueSetName),
        (t["HealthAccount.Assumption.sickLeaveWindowDays"], t["HealthAccount.Days", a.SickLeaveWindowDays]),
        (t["HealthAccount.Assumption.sickLeaveDailyCostNok"], Money(a.SickLeaveDailyCostNok)),
    ];

    /// <summary>A severity class's absolute-shortfall band in QALYs: "4–8" or "20+".</summary>
    public static string Shortfall(PriorityThreshold threshold) => threshold.MaxAbsoluteShortfall is { } max
        ? $"{threshold.MinAbsoluteShortfall.ToString("0.#", CultureInfo.CurrentCulture)}–{max.ToString("0.#", CultureInfo.CurrentCulture)}"
        : $"{threshold.MinAbsoluteShortfall.ToString("0.#", CultureInfo.CurrentCulture)}+";

    private string TooFew(int? basis) => basis is 0 ? "–" : t["HealthAccount.TooFew"];
}

