using AktivResept.Server.Common.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>The messaging part of <c>AddNotifications</c>: the outbox writer, the transports that are configured, the relay.</summary>
internal static class MessagingServices
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfigurationSection notifications)
    {
        // The built-in adapters; a host registering its own IMessageSender or IRecipientDirectory first replaces them.
        services.TryAddScoped<IMessageSender, OutboxMessageSender>();
        services.TryAddSingleton<IRecipientDirectory, ConfiguredRecipientDirectory>();

        var smtp = notifications.GetSection("Smtp");
        services.AddOptions<SmtpOptions>().Bind(smtp)
            .Validate(o => o.IsValid(), "Notifications:Smtp needs From (an e-mail address), a Port and a positive TimeoutSeconds when Host is set.")
            .ValidateOnStart();
        var sms = notifications.GetSection("Sms");
        services.AddOptions<SmsGatewayOptions>().Bind(sms)
            .Validate(o => o.IsValid(), "Notifications:Sms:Url must be an absolute http(s) URL, with an AuthHeader and a positive TimeoutSeconds.")
            .ValidateOnStart();

        // Off unless configured: then the outbox stays the "collect" channel an operator or an outside relay reads.
        var transports = 0;
        if (!string.IsNullOrWhiteSpace(smtp["Host"]))
        {
            services.AddSingleton<IMessageTransport, SmtpMessageTransport>();
            transports++;
        }

        if (!string.IsNullOrWhiteSpace(sms["Url"]))
        {
            var timeout = TimeSpan.FromSeconds(Math.Max(1, sms.GetValue("TimeoutSeconds", 10)));
            services.AddHttpClient(SmsGatewayTransport.HttpClientName, c => c.Timeout = timeout)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    // A redirect would send the phone number and the token somewhere nobody configured.
                    AllowAutoRedirect = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectTimeout = timeout,
                });
            services.AddSingleton<IMessageTransport, SmsGatewayTransport>();
            transports++;
        }

        if (transports > 0)
        {
            services.AddPeriodicJob<OutboxRelayJob, NotificationOptions>(o => PeriodicJobSchedule.Every(o.RunOutboxRelay, o.OutboxRelayIntervalSeconds));
        }
        else
        {
            services.AddScoped<OutboxRelayJob>();
        }

        return services;
    }
}
