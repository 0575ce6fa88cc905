using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// The app with both transports pointed at local stand-ins (an SMTP server and an HTTP SMS gateway started first) and
/// a short message retry schedule (1 min, 2 min: three tries, no jitter).
/// </summary>
public sealed class OutboundMessageFactory(int smtpPort, string smsGatewayUrl) : AktivApiFactory
{
    public const string From = "ikke-svar@aktivresept.test";
    public const string SmsToken = "Bearer sms-test-token";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:Smtp:User"] = TestSmtpServer.User,
        ["Notifications:Smtp:Password"] = TestSmtpServer.Password,
        ["Notifications:Smtp:From"] = $"AktivResept <{From}>",
        ["Notifications:Smtp:TimeoutSeconds"] = "20",
        ["Notifications:Sms:Url"] = smsGatewayUrl,
        ["Notifications:Sms:AuthToken"] = SmsToken,
        ["Notifications:Sms:TimeoutSeconds"] = "20",
        ["Notifications:MessageRetrySchedule"] = "1m,2m",
        ["Notifications:JitterFraction"] = "0",
        ["Notifications:RunOutboxRelay"] = "false",
    };

    public async Task<int> RelayAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxRelayJob>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Gives a recipient an address in the built-in directory (configuration, read at each send).</summary>
    public void SetAddress(Guid recipientId, MessageChannel channel, string address) =>
        Services.GetRequiredService<IConfiguration>()[$"{ConfiguredRecipientDirectory.Section}:{recipientId}:{channel}"] = address;

    /// <summary>Queues a message through the real outbox writer, as the fan-out does.</summary>
    public async Task<Guid> QueueAsync(MessageChannel channel, RecipientKind kind, Guid recipientId)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageSender>().SendAsync(channel, kind, recipientId, MessageTexts.NewMessage, CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var id = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity.Id;
        await db.SaveChangesAsync();
        return id;
    }

    public Task<OutboxMessage> MessageAsync(Guid id) => QueryAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
}
