using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.AccessLog;

/// <summary>The person's view of the audit log (innsyn): <c>GET /api/me/access-log</c> and the page <c>/innsyn</c>.</summary>
public static class AccessLogModule
{
    public static IServiceCollection AddAccessLog(this IServiceCollection services)
    {
        services.AddScoped<AccessLogQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccessLog(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithApiDefaults("Access log");
        group.MapGet("/access-log", async (ICurrentUserAccessor me, AccessLogQueries queries, CancellationToken ct, int page = 1, int pageSize = 50) =>
                (await queries.ListAsync(me.Caller(), new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("Who has accessed your data: every read, write and denied attempt about you by others, newest first (participant)");
        return app;
    }
}
