using System.Globalization;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.HealthAccounts;
using AktivResept.Server.Features.HealthAccounts.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.HealthAccounts;

/// <summary>
/// The health account as PDF and CSV for the browser: the same files as GET /api/health-accounts/{kind}/{key}/pdf and
/// /csv, behind the web UI's cookie sign-in (the API is bearer-only), in the page's language. The reader decides who
/// may read it, and audits it; anything refused is a plain 404 or 400, as the page would show.
/// </summary>
public static class HealthAccountDownloads
{
    public static IEndpointRouteBuilder MapHealthAccountDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{HealthAccountPaths.Root}/{{kind}}/{{key}}.pdf", async (string kind, string key, HttpRequest request, ICurrentUserAccessor me, HealthAccountReader reader, IStringLocalizer<UiText> t, CancellationToken ct) =>
            {
                var outcome = await HealthAccountRequest.ReadAsync(kind, key, request.Query, me.User!, reader, ct);
                return outcome.Succeeded
                    ? Results.File(HealthAccountPdf.Render(outcome.Value!.Report, outcome.Value.Scope.Name, new HealthAccountText(t), CultureInfo.CurrentUICulture), HealthAccountPdfEndpoints.ContentType, HealthAccountRequest.FileName(outcome.Value, "pdf"))
                    : Refused(outcome.Kind);
            })
            .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = HealthAccountPaths.Roles })
            .ExcludeFromDescription();
        app.MapGet($"{HealthAccountPaths.Root}/{{kind}}/{{key}}.csv", async (string kind, string key, HttpRequest request, ICurrentUserAccessor me, HealthAccountReader reader, CancellationToken ct) =>
            {
                var outcome = await HealthAccountRequest.ReadAsync(kind, key, request.Query, me.User!, reader, ct);
                return outcome.Succeeded
                    ? Results.File(HealthAccountCsv.ToBytes(outcome.Value!), "text/csv; charset=utf-8", HealthAccountRequest.FileName(outcome.Value!, "csv"))
                    : Refused(outcome.Kind);
            })
            .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = HealthAccountPaths.Roles })
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Refused(Common.Http.OutcomeKind kind) => kind switch
    {
        Common.Http.OutcomeKind.Invalid => Results.BadRequest(),
        Common.Http.OutcomeKind.Forbidden => Results.Forbid(),
        _ => Results.NotFound(),
    };
}
