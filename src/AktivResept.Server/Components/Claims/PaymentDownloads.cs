using System.Text;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Payments;
using Microsoft.AspNetCore.Authorization;

namespace AktivResept.Server.Components.Claims;

/// <summary>
/// The payment files for the browser: the same files as /api/payments/{id}/pain001 and /remittance, but behind the
/// web UI's cookie sign-in (the API is bearer-only). The handler decides who may read which batch, and audits it.
/// </summary>
public static class PaymentDownloads
{
    public static string Pain001Path(Guid id) => $"/betaler/utbetalinger/{id}/pain001";

    public static string RemittancePath(Guid id) => $"/betaler/utbetalinger/{id}/spesifikasjon";

    public static IEndpointRouteBuilder MapPaymentDownloads(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/betaler/utbetalinger/{id:guid}")
            .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = Roles.Payer })
            .ExcludeFromDescription();
        files.MapGet("/pain001", (Guid id, ICurrentUserAccessor me, PaymentExport payments, CancellationToken ct) =>
            DownloadAsync(id, me, payments, b => (b.Pain001Xml, "application/xml", $"{b.MessageId}.xml"), ct));
        files.MapGet("/spesifikasjon", (Guid id, ICurrentUserAccessor me, PaymentExport payments, CancellationToken ct) =>
            DownloadAsync(id, me, payments, b => (b.RemittanceCsv, "text/csv; charset=utf-8", $"{b.MessageId}.csv"), ct));
        return app;
    }

    private static async Task<IResult> DownloadAsync(
        Guid id, ICurrentUserAccessor me, PaymentExport payments, Func<PaymentBatch, (string Text, string ContentType, string Name)> pick, CancellationToken ct)
    {
        var file = await payments.FileAsync(me.User!, id, ct);
        if (!file.Succeeded)
        {
            return Results.NotFound();
        }

        var (text, contentType, name) = pick(file.Value!);
        return Results.File(Encoding.UTF8.GetBytes(text), contentType, name);
    }
}
