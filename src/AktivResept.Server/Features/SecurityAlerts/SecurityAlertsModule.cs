using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.SecurityAlerts;

/// <summary>The security officer's alerts: <c>GET /api/security/alerts</c> and the page <c>/sikkerhet/varsler</c>.</summary>
public static class SecurityAlertsModule
{
    public static IServiceCollection AddSecurityAlerts(this IServiceCollection services)
    {
        services.AddScoped<SecurityAlertQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapSecurityAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/security").WithApiDefaults("Security alerts");
        group.MapGet("/alerts", async (ICurrentUserAccessor me, SecurityAlertQueries queries, CancellationToken ct, int page = 1, int pageSize = 50) =>
                (await queries.ListAsync(me.Caller(), new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("Alerts on unusual look-up volumes by one user, newest first (security officer)");
        return app;
    }
}
