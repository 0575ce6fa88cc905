using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// An app of the test's own (and own clock) with a local webhook receiver. The demo data's own events are fanned out
/// before anyone subscribes, so a test sees only what it caused.
/// </summary>
public abstract class ReceiverTestBase<TFactory> : IAsyncLifetime
    where TFactory : AktivApiFactory, new()
{
    protected TFactory App { get; } = new();

    protected WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
        await App.FanOutAsync();
    }

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}
