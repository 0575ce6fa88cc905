using AktivResept.Domain.Kpis;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Providers;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// What the demo's concession contracts require: capacity and availability at the gyms' registered locations (their
/// registered hours and universal-design features satisfy it), content, two quality KPIs and the result KPIs. Oslo's
/// thresholds are set so most are met by <see cref="DemoHistory.Oslo"/>'s year; Bergen asks the same of a gym that
/// answers slower and keeps fewer (<see cref="DemoHistory.Bergen"/>), so several are not met.
/// </summary>
public static class DemoContracts
{
    /// <summary>Fills the base demo's Oslo version 1 (a seed-time set-up of the version, before anyone has read it).</summary>
    public static void RequireOf(ContractVersion version, Provider aktivOslo)
    {
        var grunerlokka = aktivOslo.Locations.Single(l => l.Id == DemoIdentities.GrunerlokkaLocationId).Id;
        var majorstuen = aktivOslo.Locations.Single(l => l.Id == DemoIdentities.MajorstuenLocationId).Id;
        version.Capacity =
        [
            new() { LocationId = grunerlokka, ActivityType = ActivityType.SupervisedStrength, PlacesPerWeek = 60 },
            new() { LocationId = grunerlokka, ActivityType = ActivityType.GroupClass, PlacesPerWeek = 40 },
            new() { LocationId = majorstuen, ActivityType = ActivityType.GroupClass, PlacesPerWeek = 60 },
        ];
        version.Availability =
        [
            new() { LocationId = grunerlokka, IsoDays = [1, 2, 3, 4, 5], Opens = new(7, 0), Closes = new(21, 0), Features = [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.AccessibleToilet] },
            new() { LocationId = grunerlokka, IsoDays = [6, 7], Opens = new(9, 0), Closes = new(16, 0), Features = [] },
            new() { LocationId = majorstuen, IsoDays = [1, 2, 3, 4, 5], Opens = new(8, 0), Closes = new(20, 0), Features = [AccessibilityFeature.Elevator] },
        ];
        version.Content = new ContentRequirement { ActivityTypes = [ActivityType.SupervisedStrength, ActivityType.GroupClass], TrainerCompetence = CertificationKind.PersonalTrainer };
        version.Kpis = Kpis(KpiPeriodKind.Month, minimum: 10, benefitShare: 1.0m);
    }

    /// <summary>Bergen kommune's concession with Bergen Helsetrening, active from a year before the history starts.</summary>
    public static Contract Bergen(Guid payerId, Provider bergen, DateOnly from, DateTimeOffset now)
    {
        var sentrum = bergen.Locations.Single(l => l.Id == DemoIdentities.BergenSentrumLocationId).Id;
        return new Contract
        {
            PayerId = payerId,
            ProviderId = bergen.Id,
            Name = "Tjenestekonsesjon Bergen Helsetrening",
            Status = ContractStatus.Active,
            StatusChangedAt = now,
            StatusChangedBy = "seed",
            ValidFrom = from,
            CreatedAt = now,
            CreatedBy = "seed",
            StatusHistory = [new() { To = ContractStatus.Draft, At = now, By = "seed" }, new() { From = ContractStatus.Draft, To = ContractStatus.Active, At = now, By = "seed" }],
            Versions =
            [
                new ContractVersion
                {
                    Number = 1,
                    Status = ContractVersionStatus.Active,
                    ValidFrom = from,
                    CoFinancingShare = 0.20m,
                    CreatedAt = now,
                    CreatedBy = "seed",
                    ActivatedAt = now,
                    ActivatedBy = "seed",
                    Capacity = [new() { LocationId = sentrum, ActivityType = ActivityType.SupervisedStrength, PlacesPerWeek = 40 }, new() { LocationId = sentrum, ActivityType = ActivityType.GroupClass, PlacesPerWeek = 30 }],
                    Availability = [new() { LocationId = sentrum, IsoDays = [1, 2, 3, 4, 5], Opens = new(7, 0), Closes = new(21, 0), Features = [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.InductionLoop] }],
                    Content = new ContentRequirement { ActivityTypes = [ActivityType.SupervisedStrength, ActivityType.GroupClass], TrainerCompetence = CertificationKind.PersonalTrainer },
                    Kpis = Kpis(KpiPeriodKind.Quarter, minimum: 10, benefitShare: 1.0m),
                },
            ],
        };
    }

    /// <summary>The same requirements for both municipalities; each is checked against the catalogue so a bad demo fails loudly.</summary>
    private static List<KpiRequirement> Kpis(KpiPeriodKind period, int minimum, decimal benefitShare) =>
    [
        Kpi("certified-trainer-share", [], 0.9m, period, minimum, KpiCategory.Quality),
        Kpi("answered-within-days", new() { ["days"] = "7" }, 0.9m, period, minimum, KpiCategory.Quality),
        Kpi("waiting-days-median", [], 14m, period, minimum, KpiCategory.Quality),
        Kpi("waiting-days-p90", [], 21m, period, minimum, KpiCategory.Quality),
        Kpi("capacity-utilisation", [], 0.3m, period, minimum, KpiCategory.Quality),
        Kpi("adherence-by-week", new() { ["weeks"] = "12", ["share"] = "0.75" }, 0.5m, period, minimum, KpiCategory.Result),
        Kpi("completion-rate", [], 0.7m, period, minimum, KpiCategory.Result),
        Kpi("dropout-rate", [], 0.2m, period, minimum, KpiCategory.Result),
        Kpi("median-weekly-adherence", [], 0.75m, period, minimum, KpiCategory.Result),
        Kpi("equity-reach", [], benefitShare, period, minimum, KpiCategory.Result),
        Kpi("equity-reach", new() { ["benefit"] = "WorkAssessmentAllowance" }, benefitShare, period, minimum, KpiCategory.Result),
    ];

    private static KpiRequirement Kpi(string metric, Dictionary<string, string> parameters, decimal threshold, KpiPeriodKind period, int minimum, KpiCategory category)
    {
        if (!KpiSpec.TryCreate(metric, parameters, threshold, null, period, minimum, out var spec, out var errors))
        {
            throw new InvalidOperationException($"Demo KPI {metric} is refused: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Error}"))}");
        }

        return new KpiRequirement
        {
            Metric = metric,
            Parameters = parameters,
            Threshold = threshold,
            Direction = spec.Direction,
            Period = period,
            MinimumParticipants = minimum,
            Category = category,
        };
    }
}
