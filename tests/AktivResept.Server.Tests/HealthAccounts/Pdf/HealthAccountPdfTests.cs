using System.Globalization;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Domain.Outcomes;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.HealthAccounts.Pdf;
using AktivResept.Testing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.HealthAccounts.Pdf;

/// <summary>The health account's PDF says, in extractable text, what the page says: scope, label, assumptions, figures, suppression.</summary>
public sealed class HealthAccountPdfTests
{
    [Fact]
    public void The_pdf_names_the_scope_the_before_after_label_and_every_assumption()
    {
        var text = Render(Report(new AccountAssumptions { DiscountRatePercent = 3.5m, SickLeaveWindowDays = 90 }), "Bergen kommune");

        text.ShouldStartWith("Helseregnskap – Bergen kommune");
        text.ShouldContain("før–etter, ikke årsakssammenheng");
        text.ShouldContain("Periode: 01.01.2026–31.12.2026");
        text.ShouldContain("Diskonteringsrente per år");
        text.ShouldContain("3,5 %");
        text.ShouldContain("90 dager");
        text.ShouldContain("Bare komplette par (standard)");
        text.ShouldContain("Startmålingen videreført (ingen endring)");
        text.ShouldContain("demo-placeholder");
    }

    [Fact]
    public void Suppressed_counts_read_hidden_and_estimates_from_too_few_read_under_five()
    {
        var text = Render(Report(AccountAssumptions.Default), "Bergen kommune");
        var lines = text.Split('\n');

        lines.ShouldContain("skjult"); // the quarter with 3 referrals and its partner cell
        lines.ShouldContain("<5"); // the m12 change rests on 3 persons
        lines.ShouldContain("12"); // the funnel's referred total is shown
        text.ShouldContain("1,25 (0,40 til 2,10)"); // the m6 change with its interval
        text.ShouldContain("Staten");
        text.ShouldContain(new decimal(123456.5).ToString("N2", CultureInfo.GetCultureInfo("nb-NO")) + " kr"); // the state's claims, to the øre
        text.ShouldContain("Meld. St. 34 (2015–2016)");
        text.ShouldContain("-8,3 (-14,0 til -2,5)"); // nb-NO's minus sign (U+2212) is outside WinAnsi: written as a hyphen
        text.ShouldNotContain("?");
    }

    [Fact]
    public void The_pdf_renders_an_empty_account()
    {
        var report = HealthAccountCalculator.Compute(AccountCohort.Empty, AccountAssumptions.Default);

        var text = Render(report, "Tom kommune");

        text.ShouldContain("Helseregnskap – Tom kommune");
        text.ShouldContain("Ingen tall ennå.");
    }

    private static string Render(HealthAccountReport report, string scope)
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var pdf = HealthAccountPdf.Render(report, scope, new HealthAccountText(new StringLocalizer<UiText>(factory)), CultureInfo.GetCultureInfo("nb-NO"));
        pdf.AsSpan(0, 5).ToArray().ShouldBe("%PDF-"u8.ToArray());
        return PdfText.Extract(pdf);
    }

    /// <summary>A hand-made report (not the calculator's), so the test is about rendering only.</summary>
    internal static HealthAccountReport Report(AccountAssumptions assumptions)
    {
        string[] stages = [FunnelStages.Referred, FunnelStages.Accepted, FunnelStages.Started, FunnelStages.AdherentAtWeek12, FunnelStages.Completed];
        var estimate = new ChangeEstimate(MissingDataHandling.CompleteCases, 10, 8, 2, new ConfidenceInterval(1.25, 0.4, 2.1), 0.5);
        var tooFew = new ChangeEstimate(MissingDataHandling.CompleteCases, 10, 3, 7, null, null);
        var alternative = estimate with { Handling = MissingDataHandling.BaselineCarriedForward, Analysed = 10, MeanChange = new ConfidenceInterval(1, 0.2, 1.8) };
        return new HealthAccountReport(
            new AccountPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
            assumptions,
            EffectLabels.BeforeAfter,
            new AccountFunnel(
                stages,
                new FunnelRow("total", [12, 11, 10, 8, 7]),
                new FunnelTable(FunnelStages.Quarter, [new FunnelRow("2026-Q1", [null, null, 6, 5, 5]), new FunnelRow("2026-Q2", [null, null, 4, 3, 2])]),
                [new FunnelTable(FunnelStages.Sex, [new FunnelRow("Female", [6, 6, 5, null, null]), new FunnelRow("Male", [6, 5, 5, null, null])])]),
            [new WeeklyAdherence(1, 10, 0.9), new WeeklyAdherence(2, 10, 0.8), new WeeklyAdherence(3, null, null)],
            [
                new CohortOutcomeChange("exercise-vital-sign", "m6", "min/uke", ChangeDirection.HigherIsBetter, 30m, EffectLabels.BeforeAfter, estimate, alternative),
                new CohortOutcomeChange("exercise-vital-sign", "m12", "min/uke", ChangeDirection.HigherIsBetter, 30m, EffectLabels.BeforeAfter, tooFew, tooFew with { Handling = MissingDataHandling.BaselineCarriedForward }),
            ],
            [],
            new CostAccount(
                [new PayerCost(CostPayer.State, 123_456.50m, 0m, 123_456.50m), new PayerCost(CostPayer.Copay, 2_000m, 0m, 2_000m), new PayerCost(CostPayer.Municipality, 0m, 5_000m, 5_000m)],
                [new LabelledCost("Egne instruktører", CostPayer.Municipality, 5_000m)],
                125_456.50m, 5_000m, 130_456.50m, 13_045.65m, 18_636.64m),
            [new QalyAccount("m6", EffectLabels.BeforeAfter,
                new QalyEstimate(MissingDataHandling.CompleteCases, 8, 2, new ConfidenceInterval(0.012, 0.001, 0.023), 1_087_137.5m, [new ThresholdComparison(1, 275_000m, false)]),
                new QalyEstimate(MissingDataHandling.BaselineCarriedForward, 10, 2, null, null, []))],
            new SickLeaveAccount(assumptions.SickLeaveWindowDays, assumptions.SickLeaveDailyCostNok, 9, 20.5, 12.25, new ConfidenceInterval(-8.25, -14, -2.5), -23_100m),
            PriorityThresholds.All);
    }
}
