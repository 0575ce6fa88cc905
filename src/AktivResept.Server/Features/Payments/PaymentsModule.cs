using System.Text;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Payments;

public static class PaymentsModule
{
    public static IServiceCollection AddPayments(this IServiceCollection services) => services.AddScoped<PaymentExport>();

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithApiDefaults("Payments");
        payments.MapGet("/", async (ICurrentUserAccessor me, PaymentExport p, CancellationToken ct) => (await p.ListAsync(me.Caller(), ct)).ToOk());
        payments.MapPost("/", async (ExportPaymentsRequest? request, ICurrentUserAccessor me, PaymentExport p, CancellationToken ct) =>
                (await p.ExportAsync(me.Caller(), request ?? new ExportPaymentsRequest(null), ct)).ToCreated(v => $"/api/payments/{v.Id}"))
            .WithSummary("Payer: export every approved, unpaid claim as a pain.001.001.09 credit transfer (one payment per provider account) and a CSV remittance");
        payments.MapGet("/{id:guid}/pain001", async (Guid id, ICurrentUserAccessor me, PaymentExport p, CancellationToken ct) =>
        {
            var file = await p.FileAsync(me.Caller(), id, ct);
            return file.Succeeded
                ? Results.File(Encoding.UTF8.GetBytes(file.Value!.Pain001Xml), "application/xml", $"{file.Value.MessageId}.xml")
                : file.ToProblem();
        });
        payments.MapGet("/{id:guid}/remittance", async (Guid id, ICurrentUserAccessor me, PaymentExport p, CancellationToken ct) =>
        {
            var file = await p.FileAsync(me.Caller(), id, ct);
            return file.Succeeded
                ? Results.File(Encoding.UTF8.GetBytes(file.Value!.RemittanceCsv), "text/csv; charset=utf-8", $"{file.Value.MessageId}.csv")
                : file.ToProblem();
        });
        payments.MapPost("/{id:guid}/paid", async (Guid id, ICurrentUserAccessor me, PaymentExport p, CancellationToken ct) =>
                (await p.MarkPaidAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Payer: the bank has paid the file; its claims become Paid. Idempotent");
        return app;
    }
}
