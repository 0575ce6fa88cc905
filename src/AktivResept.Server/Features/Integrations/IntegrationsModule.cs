using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Integrations.Management;
using AktivResept.Server.Features.Integrations.Signing;

namespace AktivResept.Server.Features.Integrations;

public static class IntegrationsModule
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IntegrationOptions>(configuration.GetSection(IntegrationOptions.Section));
        services.AddScoped<IntegrationKeys>();
        services.AddScoped<WebhookVerifier>();
        services.AddScoped<IntegrationAdmin>();
        services.AddScoped<IntegrationRateLimiter>();
        return services;
    }

    public static IEndpointRouteBuilder MapIntegrations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/integrations").WithApiDefaults("Integrations");
        group.MapPost("/", async (CreateIntegrationRequest request, ICurrentUserAccessor me, IntegrationAdmin admin, CancellationToken ct) =>
                (await admin.CreateAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/integrations/{v.Id}"))
            .WithSummary("Register a gym system; the response carries its whsec_ signing secret, shown only this once");
        group.MapGet("/", async (ICurrentUserAccessor me, IntegrationAdmin admin, CancellationToken ct) =>
            (await admin.ListAsync(me.Caller(), ct)).ToOk());
        group.MapPost("/{id:guid}/secrets/rotate", async (Guid id, RotateSecretRequest? request, ICurrentUserAccessor me, IntegrationAdmin admin, CancellationToken ct) =>
                (await admin.RotateAsync(me.Caller(), id, request ?? new RotateSecretRequest(null), ct)).ToOk())
            .WithSummary("New current secret (returned once); the previous one keeps working for overlapHours (default 24)");
        return app;
    }
}
