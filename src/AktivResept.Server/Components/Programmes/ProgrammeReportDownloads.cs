using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Programmes.Funding;
using Microsoft.AspNetCore.Authorization;

namespace AktivResept.Server.Components.Programmes;

/// <summary>
/// The «Aktiv på dagtid» monthly report as CSV for the browser: the same file as GET /api/programmes/report.csv, behind
/// the web UI's cookie sign-in. The report handler decides who may read it, and audits it.
/// </summary>
public static class ProgrammeReportDownloads
{
    public static IEndpointRouteBuilder MapProgrammeReportDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/aktiv-pa-dagtid/rapport.csv", async (string? fra, string? til, ICurrentUserAccessor me, ProgrammeReport report, CancellationToken ct) =>
            {
                var result = await report.HandleAsync(me.User!, fra, til, null, ct);
                return result.Succeeded
                    ? Results.File(ProgrammeReportCsv.ToBytes(result.Value!), "text/csv; charset=utf-8", $"aktiv-pa-dagtid-{result.Value!.From}-{result.Value.To}.csv")
                    : Results.NotFound();
            })
            .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = Roles.Municipality + "," + Roles.ProviderAdmin })
            .ExcludeFromDescription();
        return app;
    }
}
