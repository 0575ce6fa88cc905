using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Consents;

/// <summary>The person's own consents: <c>/api/me/consents</c> and the page <c>/samtykker</c> (docs/consents.md).</summary>
public static class ConsentsModule
{
    public static IServiceCollection AddConsents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsentOptions>().Bind(configuration.GetSection(ConsentOptions.Section));
        services.AddScoped<MyConsents>();
        return services;
    }

    public static IEndpointRouteBuilder MapConsents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/consents").WithApiDefaults("Consents");
        group.MapGet("/", async (ICurrentUserAccessor me, MyConsents consents, CancellationToken ct) =>
                (await consents.ListAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Your consents (given, withdrawn) and the ones you can give here (participant)");
        group.MapPost("/", async (ICurrentUserAccessor me, MyConsents consents, GiveConsentRequest request, CancellationToken ct) =>
                (await consents.GiveAsync(me.Caller(), request, ct)).ToCreated(c => $"/api/me/consents/{c.Id}"))
            .WithSummary("Give a consent offered here, to the text version you were shown (409 when a newer text exists or it is already in force)");
        group.MapPost("/{id:guid}/withdraw", async (ICurrentUserAccessor me, MyConsents consents, Guid id, CancellationToken ct) =>
                (await consents.WithdrawAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Withdraw one of your consents, effective at once; withdrawing again answers the same and changes nothing");
        return app;
    }
}
