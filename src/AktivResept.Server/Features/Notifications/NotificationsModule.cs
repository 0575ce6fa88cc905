using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Notifications.Dispatch;
using AktivResept.Server.Features.Notifications.Fanout;
using AktivResept.Server.Features.Notifications.Inbox;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Features.Notifications.Subscriptions;

namespace AktivResept.Server.Features.Notifications;

public static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(NotificationOptions.Section);
        services.AddOptions<NotificationOptions>().Bind(section)
            .Validate(o => RetrySchedule.Parse(o.RetrySchedule).Count > 0 && o.JitterFraction is >= 0 and < 1, "Notifications:RetrySchedule or JitterFraction is invalid.")
            .Validate(o => RetrySchedule.Parse(o.MessageRetrySchedule).Count > 0, "Notifications:MessageRetrySchedule is invalid.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || (Uri.TryCreate(o.PublicUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme is "https" or "http"), "Notifications:PublicUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddScoped<NotificationParties>();
        services.AddScoped<SubscriptionHandlers>();
        services.AddScoped<InboxHandlers>();
        services.AddScoped<Notices>();
        services.AddPeriodicJob<FanoutJob, NotificationOptions>(o => PeriodicJobSchedule.Every(o.RunFanout, o.FanoutIntervalSeconds));
        services.AddPeriodicJob<DispatchJob, NotificationOptions>(o => PeriodicJobSchedule.Every(o.RunDispatcher, o.DispatchIntervalSeconds));

        services.AddMessaging(section);

        services.AddOutboundEndpoints(configuration);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, section.GetValue("HttpTimeoutSeconds", 10)));
        services.AddHttpClient(DispatchJob.HttpClientName, c => c.Timeout = timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundEndpoints>().CreateHandler(timeout));

        return services;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/subscriptions").WithApiDefaults("Notifications");
        subscriptions.MapPost("/", async (CreateWebhookRequest request, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct) =>
                (await handlers.CreateAsync(me.Caller(), new NewSubscription(SubscriptionChannel.Webhook, request.Endpoint, null, [], null), ct))
                .ToCreated(v => $"/api/subscriptions/{v.Id}"))
            .WithSummary("Subscribe a webhook endpoint to your prescriptions' events; the answer carries the signing secret, once");
        subscriptions.MapGet("/", async (ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct, SubscriptionChannel? channel) =>
                (await handlers.ListAsync(me.Caller(), channel, ct)).ToOk())
            .WithSummary("Your subscriptions (webhooks and FHIR rest-hooks)");
        subscriptions.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct) =>
            (await handlers.GetAsync(me.Caller(), id, ct)).ToOk());
        subscriptions.MapDelete("/{id:guid}", async (Guid id, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct) =>
                (await handlers.TurnOffAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Turn a subscription off; waiting deliveries are cancelled");
        subscriptions.MapPost("/{id:guid}/enable", async (Guid id, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct) =>
                (await handlers.EnableAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Turn a subscription back on (e.g. after the receiver answered 410 Gone)");
        subscriptions.MapGet("/{id:guid}/deliveries", async (Guid id, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct, DeliveryStatus? status, int page = 1, int pageSize = 50) =>
                (await handlers.DeliveriesAsync(me.Caller(), id, status, new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("The delivery log: every delivery with each try's status class (2xx, 3xx, 4xx, 5xx or network error) and duration");

        app.MapGroup("/api/deliveries").WithApiDefaults("Notifications")
            .MapPost("/{id:guid}/replay", async (Guid id, ICurrentUserAccessor me, SubscriptionHandlers handlers, CancellationToken ct) =>
                (await handlers.ReplayAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Send a dead-lettered or delivered notification again, with a fresh count of tries");

        var inbox = app.MapGroup("/api/inbox").WithApiDefaults("Notifications");
        inbox.MapGet("/", async (ICurrentUserAccessor me, InboxHandlers handlers, CancellationToken ct, bool unread = false, int page = 1, int pageSize = 50) =>
                (await handlers.ListAsync(me.Caller(), unread, new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("Your messages, newest first (unread=true for unread only)");
        inbox.MapPost("/{id:guid}/read", async (Guid id, ICurrentUserAccessor me, InboxHandlers handlers, CancellationToken ct) =>
            (await handlers.MarkReadAsync(me.Caller(), id, ct)).ToOk());
        return app;
    }
}
