using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.SecurityAlerts;

/// <summary>Closing an alert: the officer's note is required.</summary>
public sealed record CloseSecurityAlertRequest(string? Note);

/// <summary>The security officer's alerts: <c>GET /api/security/alerts</c>, <c>POST /api/security/alerts/{id}/close</c> and the pages under <c>/sikkerhet/varsler</c>.</summary>
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
        group.MapPost("/alerts/{id:guid}/close", async (Guid id, CloseSecurityAlertRequest request, ICurrentUserAccessor me, SecurityAlertQueries queries, CancellationToken ct) =>
                (await queries.CloseAsync(me.Caller(), id, request.Note, ct)).ToOk())
            .WithSummary("Close an alert with a note on what was found or done (security officer); audited. 409 when closed already");
        return app;
    }
}
