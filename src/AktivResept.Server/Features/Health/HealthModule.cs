using AktivResept.Server.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AktivResept.Server.Features.Health;

/// <summary>
/// Health endpoints, anonymous and answering only <c>Healthy</c> / <c>Unhealthy</c> (no detail for a stranger):
/// <c>/health/live</c> 200 while the process serves requests (restart it only when this fails);
/// <c>/health/ready</c> 200 only when the database answers and the person-data and data-protection keys work, 503
/// otherwise (send it no traffic); <c>/health</c> is the same readiness, under the name existing probes use.
/// </summary>
public static class HealthModule
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<PersonDataKeysHealthCheck>("person-data-keys")
            .AddCheck<DataProtectionHealthCheck>("data-protection");
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return app;
    }

    private sealed class DatabaseHealthCheck(AktivDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database is not reachable.");
    }
}
