using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Providers.Management;

/// <summary>The gym admin's own records under <c>/api/providers/me</c> (see <see cref="GymAdmin"/>).</summary>
public static class GymAdminEndpoints
{
    public static IEndpointRouteBuilder MapGymAdmin(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/providers/me").WithApiDefaults("Providers");
        me.MapGet("/trainers", async (ICurrentUserAccessor user, GymAdmin admin, CancellationToken ct) =>
                (await admin.TrainersAsync(user.Caller(), ct)).ToOk())
            .WithSummary("Provider admin: the gym's trainers and their certificates (registered, unverified or verified)");
        me.MapPost("/trainers/{trainerId:guid}/certifications", async (Guid trainerId, AddCertificationRequest request, ICurrentUserAccessor user, GymAdmin admin, CancellationToken ct) =>
                (await admin.AddCertificationAsync(user.Caller(), trainerId, request, ct)).ToCreated(c => $"/api/providers/me/trainers/{c.TrainerId}/certifications/{c.Id}"))
            .WithSummary("Provider admin: record a trainer's certificate; unverified until it matches the issuer's register");
        me.MapGet("/certifications/expiring", async (ICurrentUserAccessor user, GymAdmin admin, CancellationToken ct) =>
                (await admin.ExpiringAsync(user.Caller(), ct)).ToOk())
            .WithSummary("Provider admin: certificates of the gym's trainers that run out within 60 days (Oslo days)");
        me.MapGet("/locations", async (ICurrentUserAccessor user, GymAdmin admin, CancellationToken ct) =>
            (await admin.LocationsAsync(user.Caller(), ct)).ToOk());
        me.MapPut("/locations/{id:guid}", async (Guid id, UpdateLocationRequest request, ICurrentUserAccessor user, GymAdmin admin, CancellationToken ct) =>
                (await admin.UpdateLocationAsync(user.Caller(), id, request, ct)).ToOk())
            .WithSummary("Provider admin: a location's opening hours, capacity and universal-design features");
        me.MapGet("/account", async (ICurrentUserAccessor user, GymAdmin admin, CancellationToken ct) =>
                (await admin.AccountAsync(user.Caller(), ct)).ToOk())
            .WithSummary("Provider admin: the account claims are paid to (null fields when none is registered)");
        return app;
    }
}
