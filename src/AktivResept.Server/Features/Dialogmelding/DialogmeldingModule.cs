using System.Text;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Features.Dialogmelding.Sending;
using AktivResept.Server.Features.Dialogmelding.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>Dialogmelding to the referrer's organisation (docs/dialogmelding.md) and the per-organisation channel setting.</summary>
public static class DialogmeldingModule
{
    public static IServiceCollection AddDialogmelding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DialogmeldingOptions>().Bind(configuration.GetSection(DialogmeldingOptions.Section))
            .Validate(o => o.Transport != DialogmeldingOptions.NhnTransport,
                "Dialogmelding:Transport 'Nhn' names NHN's message exchange, which is configured but not built in this version (docs/dialogmelding.md); use 'Outbox'.")
            .Validate(o => o.Transport == DialogmeldingOptions.OutboxTransport, "Dialogmelding:Transport must be 'Outbox' (or, once built, 'Nhn').")
            .Validate(o => o.SenderHerId is null or { Length: 0 } || (o.SenderHerId.Length <= 9 && o.SenderHerId.All(char.IsAsciiDigit)), "Dialogmelding:SenderHerId must be 1 to 9 digits.")
            .Validate(o => o.SenderOrganisationNumber is null or { Length: 0 } || Domain.Identifiers.OrganisationNumber.TryParse(o.SenderOrganisationNumber, out _, out _),
                "Dialogmelding:SenderOrganisationNumber must be a valid organisation number.")
            .ValidateOnStart();
        services.AddSingleton<IDialogmeldingTransport, OutboxDirectoryTransport>();
        services.AddScoped<OrganisationHandlers>();
        services.AddPeriodicJob<DialogmeldingSendJob, DialogmeldingOptions>(o => PeriodicJobSchedule.Every(o.RunSender, o.SendIntervalSeconds));
        return services;
    }

    public static IEndpointRouteBuilder MapDialogmelding(this IEndpointRouteBuilder app)
    {
        var organisation = app.MapGroup("/api/organisations/{organisationNumber}").WithApiDefaults("Dialogmelding");
        organisation.MapGet("/notification-channel", async (string organisationNumber, ICurrentUserAccessor me, OrganisationHandlers handlers, CancellationToken ct) =>
                (await handlers.GetChannelAsync(me.Caller(), organisationNumber, ct)).ToOk())
            .WithSummary("Your organisation's notification channel (null: the default, in-app plus every active subscription) and HER-id");
        organisation.MapPut("/notification-channel", async (string organisationNumber, ChannelSettingRequest request, ICurrentUserAccessor me, OrganisationHandlers handlers, CancellationToken ct) =>
                (await handlers.SetChannelAsync(me.Caller(), organisationNumber, request, ct)).ToOk())
            .WithSummary("Set your organisation's channel (InApp, FhirSubscription, Webhook or Dialogmelding) and its HER-id");
        organisation.MapGet("/dialogmelding", async (string organisationNumber, ICurrentUserAccessor me, OrganisationHandlers handlers, CancellationToken ct, DialogmeldingStatus? status, int page = 1, int pageSize = 50) =>
                (await handlers.LogAsync(me.Caller(), organisationNumber, status, new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("The dialogmelding delivery log: each message's kind, prescription, status (Pending, Sent, Failed) and failure class");
        organisation.MapGet("/dialogmelding/{id:guid}/xml", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string organisationNumber, Guid id, ICurrentUserAccessor me, OrganisationHandlers handlers, CancellationToken ct) =>
            {
                var outcome = await handlers.DownloadAsync(me.Caller(), organisationNumber, id, ct);
                return outcome.Succeeded
                    ? TypedResults.File(Encoding.UTF8.GetBytes(outcome.Value!.Xml), "application/xml", $"{outcome.Value.MsgId}.xml")
                    : outcome.ToProblem();
            })
            .WithSummary("A sent message's MsgHead XML, exactly as handed to the adapter");
        return app;
    }
}
