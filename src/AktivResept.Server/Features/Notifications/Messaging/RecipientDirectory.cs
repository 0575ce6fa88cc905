namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>
/// Where a recipient's e-mail or SMS goes. We keep no contact data of our own: a production host registers a directory
/// backed by the contact registers (KRR for citizens, the HelseID/HPR contact data for professionals) before
/// <c>AddNotifications</c>; the built-in reads configuration.
/// </summary>
public interface IRecipientDirectory
{
    ValueTask<string?> AddressAsync(MessageChannel channel, RecipientKind kind, Guid recipientId, CancellationToken cancellationToken);
}

/// <summary>
/// The built-in directory: <c>Notifications:Recipients:&lt;our id&gt;:Email</c> (or <c>:Sms</c>), read at each send so
/// a reloaded configuration takes effect. Enough for a pilot with a handful of referrers; no entry means no address.
/// </summary>
public sealed class ConfiguredRecipientDirectory(IConfiguration configuration) : IRecipientDirectory
{
    public const string Section = "Notifications:Recipients";

    public ValueTask<string?> AddressAsync(MessageChannel channel, RecipientKind kind, Guid recipientId, CancellationToken cancellationToken)
    {
        var address = configuration[$"{Section}:{recipientId}:{channel}"];
        return ValueTask.FromResult(string.IsNullOrWhiteSpace(address) ? null : address.Trim());
    }
}
