using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Programmes.Funding;

/// <summary>
/// The funding slice of «Aktiv på dagtid»: the monthly report (JSON and CSV). Claims for gym-run programmes are made by
/// the claims engine's own run (<c>POST /api/claims/generate</c>); see <c>docs/programmes.md</c>.
/// </summary>
public static class ProgrammeFundingEndpoints
{
    public static IServiceCollection AddProgrammeFunding(this IServiceCollection services) => services.AddScoped<ProgrammeReport>();

    public static IEndpointRouteBuilder MapProgrammeFunding(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/programmes").WithApiDefaults("Programmes");

        group.MapGet("/report", async (string? from, string? to, Guid? programmeId, ICurrentUserAccessor me, ProgrammeReport report, CancellationToken ct) =>
                (await report.HandleAsync(me.Caller(), from, to, programmeId, ct)).ToOk())
            .WithSummary("Coordinator or gym admin: per month and weekly series, sessions held, places offered, booked, attended, fill rate and waiting list (counts below 5 hidden)");

        group.MapGet("/report.csv", async Task<IResult> (string? from, string? to, Guid? programmeId, ICurrentUserAccessor me, ProgrammeReport report, CancellationToken ct) =>
            {
                var result = await report.HandleAsync(me.Caller(), from, to, programmeId, ct);
                return result.Succeeded
                    ? TypedResults.File(ProgrammeReportCsv.ToBytes(result.Value!), "text/csv; charset=utf-8", $"aktiv-pa-dagtid-{result.Value!.From}-{result.Value.To}.csv")
                    : result.ToOk().Result;
            })
            .WithSummary("The monthly report as CSV");

        return app;
    }
}
