using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// The app for tests that deliver to a <see cref="WebhookReceiver"/> on 127.0.0.1: loopback is refused by the outbound
/// rule, so this factory allow-lists exactly that address, as an operator would a hospital's internal receiver.
/// </summary>
public class LocalReceiverFactory : AktivApiFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Outbound:AllowedNetworks:0"] = "127.0.0.1/32",
    };
}
