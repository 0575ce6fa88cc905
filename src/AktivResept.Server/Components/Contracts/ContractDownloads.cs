using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Contracts.Results;
using Microsoft.AspNetCore.Authorization;

namespace AktivResept.Server.Components.Contracts;

/// <summary>
/// A contract's KPI dashboard as CSV for the browser: the same file as GET /api/contracts/{id}/results.csv, behind the
/// web UI's cookie sign-in (the API is bearer-only). The results handler decides who may read it, and audits it.
/// </summary>
public static class ContractDownloads
{
    public static string CsvPath(string role, Guid id, string? period) =>
        $"{ContractPaths.Results(role, id)}.csv{(period is null ? null : $"?periode={period}")}";

    public static IEndpointRouteBuilder MapContractDownloads(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { ContractPaths.Payer, ContractPaths.Provider })
        {
            app.MapGet($"{root}/{{id:guid}}/resultater.csv", async (Guid id, string? periode, ICurrentUserAccessor me, KpiResults results, CancellationToken ct) =>
                {
                    var file = await results.CsvAsync(me.User!, id, periode, ct);
                    return file.Succeeded ? Results.File(file.Value!, "text/csv; charset=utf-8", $"kpi-resultater-{id:N}.csv") : Results.NotFound();
                })
                .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = $"{Roles.Municipality},{Roles.Payer},{Roles.ProviderAdmin}" })
                .ExcludeFromDescription();
        }

        return app;
    }
}
