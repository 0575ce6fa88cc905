using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Municipal.Overview;
using Microsoft.AspNetCore.Authorization;

namespace AktivResept.Server.Components.Municipal;

/// <summary>
/// The overview's tables as CSV for the browser: the same files as GET /api/municipality/overview/{table}.csv, behind
/// the web UI's cookie sign-in. The overview handler decides who may read it, and audits it.
/// </summary>
public static class MunicipalDownloads
{
    public static IEndpointRouteBuilder MapMunicipalDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kommune/oversikt/{table}.csv", async (string table, string? fra, string? til, string? sortering, ICurrentUserAccessor me, OverviewHandler overview, CancellationToken ct) =>
            {
                if (!OverviewCsv.Tables.Contains(table))
                {
                    return Results.NotFound();
                }

                var sort = Enum.TryParse<LocationSort>(sortering, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : LocationSort.Distance;
                var result = await overview.HandleAsync(me.User!, fra, til, sort, ct);
                return result.Succeeded
                    ? Results.File(OverviewCsv.ToBytes(result.Value!, table)!, "text/csv; charset=utf-8", $"kommune-{result.Value!.Kommunenummer}-{table}.csv")
                    : Results.NotFound();
            })
            .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = Roles.Municipality })
            .ExcludeFromDescription();
        return app;
    }
}
