using AktivResept.Domain.HealthAccounts;

namespace AktivResept.Domain.Tests.HealthAccounts;

public class CostTests
{
    private static readonly DateOnly Day = new(2026, 2, 1);

    [Fact]
    public void Costs_add_up_by_payer_to_the_ore_with_credits_and_labelled_costs()
    {
        var participants = new[]
        {
            Cohorts.Participant(costs: [new(CostPayer.State, 1234.56m, Day), new(CostPayer.Copay, 200.00m, Day), new(CostPayer.State, -100.01m, Day)]),
            Cohorts.Participant(costs: [new(CostPayer.Municipality, 999.99m, Day), new(CostPayer.PrivateCoFinancing, 0.01m, Day)]),
            Cohorts.Participant(costs: [new(CostPayer.Employer, 450.50m, Day)]),
            Cohorts.Participant(costs: [new(CostPayer.State, 1000m, Day)], completed: false),
            Cohorts.Participant(costs: [new(CostPayer.Copay, 33.33m, Day)]),
            Cohorts.Participant(started: false, completed: false),
        };
        var other = new OtherCost[]
        {
            new("Instruktør", CostPayer.Municipality, 5000.00m, Day),
            new("Instruktør", CostPayer.Municipality, 2500.25m, Day),
            new("Lokaler", CostPayer.Municipality, 1200m, Day),
        };

        var costs = HealthAccountCalculator.Compute(new AccountCohort(participants, other), AccountAssumptions.Default).Costs;

        // By hand: state 1234.56 − 100.01 + 1000 = 2134.55; municipality claims 999.99, own 8700.25; employer 450.50;
        // co-financing 0.01; copay 233.33. Claims 3818.38, other 8700.25, total 12518.63.
        costs.ByPayer.Single(p => p.Payer == CostPayer.State).Total.ShouldBe(2134.55m);
        costs.ByPayer.Single(p => p.Payer == CostPayer.Municipality).ShouldBe(new PayerCost(CostPayer.Municipality, 999.99m, 8700.25m, 9700.24m));
        costs.ByPayer.Single(p => p.Payer == CostPayer.Employer).Total.ShouldBe(450.50m);
        costs.ByPayer.Single(p => p.Payer == CostPayer.PrivateCoFinancing).Total.ShouldBe(0.01m);
        costs.ByPayer.Single(p => p.Payer == CostPayer.Copay).Total.ShouldBe(233.33m);
        costs.Other.ShouldBe([new LabelledCost("Instruktør", CostPayer.Municipality, 7500.25m), new LabelledCost("Lokaler", CostPayer.Municipality, 1200m)]);
        costs.ClaimsTotal.ShouldBe(3818.38m);
        costs.OtherTotal.ShouldBe(8700.25m);
        costs.Total.ShouldBe(12518.63m);

        // Five started: 12518.63 / 5 = 2503.726 → 2503.73. Four completed: hidden, so no cost per completer.
        costs.PerParticipant.ShouldBe(2503.73m);
        costs.PerCompleter.ShouldBeNull();
    }

    [Fact]
    public void Cost_per_completer_rounds_half_away_from_zero_to_the_ore()
    {
        var participants = Enumerable.Range(0, 8)
            .Select(i => Cohorts.Participant(costs: i == 0 ? [new(CostPayer.State, 100.04m, Day)] : []))
            .ToArray();

        var costs = HealthAccountCalculator.Compute(new AccountCohort(participants, []), AccountAssumptions.Default).Costs;

        // 100.04 / 8 = 12.505 → 12.51.
        costs.PerCompleter.ShouldBe(12.51m);
        costs.PerParticipant.ShouldBe(12.51m);
    }
}
