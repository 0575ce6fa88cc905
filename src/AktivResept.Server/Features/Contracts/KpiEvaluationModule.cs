using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Features.Contracts.Evaluation;
using AktivResept.Server.Features.Contracts.Results;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// The KPI side of contracts: the benefit-population reference table, the periodic evaluation job and the results
/// API. The contract model and its management API are <c>ContractsModule</c>'s.
/// </summary>
public static class KpiEvaluationModule
{
    public static IServiceCollection AddKpiEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KpiEvaluationOptions>(configuration.GetSection(KpiEvaluationOptions.Section));
        services.AddScoped<BenefitPopulationImporter>();
        services.AddScoped<KpiFactsReader>();
        services.AddScoped<KpiEvaluationStore>();
        services.AddScoped<KpiContractEvaluation>();
        services.AddScoped<KpiResults>();
        services.AddPeriodicJob<KpiEvaluationJob, KpiEvaluationOptions>(o => PeriodicJobSchedule.Every(o.RunJob, o.IntervalSeconds));
        return services;
    }

    public static IEndpointRouteBuilder MapKpiResults(this IEndpointRouteBuilder app)
    {
        var results = app.MapGroup("/api/contracts/{id:guid}").WithApiDefaults("Contracts");
        results.MapGet("/results", async (Guid id, ICurrentUserAccessor me, KpiResults r, CancellationToken ct, string? period = null) =>
                (await r.DashboardAsync(me.Caller(), id, period, ct)).ToOk())
            .WithSummary("KPI dashboard: per KPI the current figure of each period (value, threshold, verdict, final or provisional, revision); period=Month|Quarter|Year narrows it");
        results.MapGet("/results/{evaluationId:guid}", async (Guid id, Guid evaluationId, ICurrentUserAccessor me, KpiResults r, CancellationToken ct) =>
                (await r.ExplainAsync(me.Caller(), id, evaluationId, ct)).ToOk())
            .WithSummary("One figure explained: numerator, denominator, version, its revisions, and the pseudonymised prescriptions behind it (cohorts of 5 or more)");
        results.MapGet("/results.csv", async (Guid id, ICurrentUserAccessor me, KpiResults r, CancellationToken ct, string? period = null) =>
            {
                var outcome = await r.CsvAsync(me.Caller(), id, period, ct);
                return outcome.Succeeded
                    ? (IResult)TypedResults.File(outcome.Value!, "text/csv; charset=utf-8", $"kpi-results-{id:N}.csv")
                    : outcome.ToProblem();
            })
            .WithSummary("The dashboard as CSV (invariant numbers, ISO dates, formula-safe text)");
        return app;
    }
}
