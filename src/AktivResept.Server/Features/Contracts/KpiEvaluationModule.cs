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
        return services;
    }

    public static IEndpointRouteBuilder MapKpiResults(this IEndpointRouteBuilder app) => app;
}
