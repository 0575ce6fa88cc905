using System.Text;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>
/// The built-in adapter. The message table is the outbox: a sent message's XML is kept there (encrypted) for the
/// operator to collect (<c>dialogmelding export</c>, or the organisation's download endpoint). With
/// <c>Dialogmelding:OutboxDirectory</c> set, each message is also written there as <c>&lt;MsgId&gt;.xml</c>
/// (written to a temporary name and renamed, so a collector never reads half a file).
/// </summary>
public sealed class OutboxDirectoryTransport(IOptions<DialogmeldingOptions> options) : IDialogmeldingTransport
{
    public async Task<TransportResult> SendAsync(OutgoingDialogmelding message, CancellationToken ct)
    {
        if (options.Value.OutboxDirectory is not { Length: > 0 } directory)
        {
            return TransportResult.Taken;
        }

        try
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{message.MsgId}.xml");
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, message.Xml, new UTF8Encoding(false), ct);
            File.Move(temporary, path, overwrite: true);
            return TransportResult.Taken;
        }
        catch (IOException)
        {
            return TransportResult.Refused("OutboxWriteFailed");
        }
        catch (UnauthorizedAccessException)
        {
            return TransportResult.Refused("OutboxWriteFailed");
        }
    }
}
