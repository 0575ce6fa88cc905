using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Municipal.Overview;
using AktivResept.Server.Features.Municipal.Positions;
using AktivResept.Server.Features.Municipal.Routing;
using AktivResept.Server.Features.Municipal.Staff;

namespace AktivResept.Server.Features.Municipal;

/// <summary>
/// The municipality's workplace (issue 12): shared positions seen from both sides, the coordinator's queue of waiting
/// referrals (routed with the prescription's own candidates and send steps) and the overview with its CSV.
/// </summary>
public static class MunicipalModule
{
    public static IServiceCollection AddMunicipal(this IServiceCollection services) =>
        services.AddScoped<StaffQueries>().AddScoped<WaitingReferrals>().AddScoped<OverviewHandler>().AddScoped<SharedPositions>();

    public static IEndpointRouteBuilder MapMunicipal(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/municipality").WithApiDefaults("Municipality");

        group.MapGet("/staff", async (ICurrentUserAccessor me, StaffQueries staff, CancellationToken ct) =>
                (await staff.MunicipalityStaffAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Municipality: its staff in municipal positions, their positions elsewhere (shared positions) and certifications");

        group.MapGet("/waiting-referrals", async (ICurrentUserAccessor me, WaitingReferrals waiting, CancellationToken ct) =>
                (await waiting.ListAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Coordinator: the municipality's referrals no gym has accepted; route one with GET /api/prescriptions/{id}/candidates and POST /api/prescriptions/{id}/send");

        group.MapGet("/overview", async (string? from, string? to, LocationSort? sort, ICurrentUserAccessor me, OverviewHandler overview, CancellationToken ct) =>
                (await overview.HandleAsync(me.Caller(), from, to, sort ?? LocationSort.Distance, ct)).ToOk())
            .WithSummary("Municipality: referrals, starters, active, completed, dropouts by month; waiting and capacity by provider; uptake by benefit; providers by distance (counts below 5 hidden)");

        group.MapGet("/overview/{table}.csv", async Task<IResult> (string table, string? from, string? to, LocationSort? sort, ICurrentUserAccessor me, OverviewHandler overview, CancellationToken ct) =>
            {
                if (!OverviewCsv.Tables.Contains(table))
                {
                    return Problems.Of(StatusCodes.Status404NotFound, "Not found", ErrorCodes.NotFound);
                }

                var result = await overview.HandleAsync(me.Caller(), from, to, sort ?? LocationSort.Distance, ct);
                return result.Succeeded
                    ? TypedResults.File(OverviewCsv.ToBytes(result.Value!, table)!, "text/csv; charset=utf-8", $"kommune-{result.Value!.Kommunenummer}-{table}.csv")
                    : result.ToOk().Result;
            })
            .WithSummary("Municipality: one overview table (months, providers, uptake, locations) as CSV");

        var providers = app.MapGroup("/api/providers/me").WithApiDefaults("Providers");
        providers.MapGet("/staff", async (ICurrentUserAccessor me, StaffQueries staff, CancellationToken ct) =>
                (await staff.ProviderStaffAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Provider admin: its trainers, their position here and which of them hold a shared position elsewhere");

        // Positions (a shared position is several): the gym's admin or the municipality's coordinator, at their own organisation.
        var positions = app.MapGroup("/api/positions").WithApiDefaults("Positions");
        positions.MapPost("/", async (CreatePositionRequest request, ICurrentUserAccessor me, SharedPositions p, CancellationToken ct) =>
                (await p.CreateAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/positions/{v.Id}"))
            .WithSummary("Gym admin or municipality coordinator: a person's position at their organisation (share 1-100 %, period; at most one full-time position in all)");
        positions.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, SharedPositions p, CancellationToken ct) =>
                (await p.GetAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Gym admin or municipality coordinator: a position at their organisation");
        positions.MapPost("/{id:guid}/end", async (Guid id, EndPositionRequest request, ICurrentUserAccessor me, SharedPositions p, CancellationToken ct) =>
                (await p.EndAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Gym admin or municipality coordinator: ends a position at their organisation on a given last day");

        return app;
    }
}
