using System.Globalization;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Features.HealthAccounts.Pdf;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>GET /api/health-accounts/{kind}/{key}/pdf: the account as a PDF, with the same query, access and answers as the JSON.</summary>
public static class HealthAccountPdfEndpoints
{
    public const string ContentType = "application/pdf";

    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");

    public static IEndpointRouteBuilder MapHealthAccountPdf(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/health-accounts").WithApiDefaults("Health accounts")
            .MapGet("/{kind}/{key}/pdf", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string kind, string key, HttpRequest request, ICurrentUserAccessor me, HealthAccountReader reader, IStringLocalizer<UiText> t, CancellationToken ct) =>
            {
                var outcome = await HealthAccountRequest.ReadAsync(kind, key, request.Query, me.Caller(), reader, ct);
                return outcome.Succeeded
                    ? TypedResults.File(HealthAccountPdf.Render(outcome.Value!.Report, outcome.Value.Scope.Name, new HealthAccountText(t), Bokmal), ContentType, HealthAccountRequest.FileName(outcome.Value, "pdf"))
                    : outcome.ToProblem();
            })
            .WithSummary("The same account as a PDF report (Norwegian Bokmål): charts, tables, the before–after label and every assumption");
        return app;
    }
}
