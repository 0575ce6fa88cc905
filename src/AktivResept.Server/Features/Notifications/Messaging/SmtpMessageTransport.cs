using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>The <c>Notifications:Smtp</c> section; the transport is registered only when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Notifications:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (the default), <c>SslOnConnect</c> (port 465), <c>Auto</c> or <c>None</c> (a local relay only).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? User { get; set; }

    /// <summary>From a secret store or the environment, never from a file in the repository.</summary>
    public string? Password { get; set; }

    public string From { get; set; } = string.Empty;

    public int TimeoutSeconds { get; set; } = 30;

    public bool IsValid() => string.IsNullOrWhiteSpace(Host) ||
        (MailboxAddress.TryParse(From, out _) && Port is > 0 and < 65536 && TimeoutSeconds > 0);
}

/// <summary>
/// Sends one e-mail per message with MailKit: connect, authenticate if a user is set, send, disconnect. SMTP's own
/// reply classes decide: 4xx is worth another try, 5xx for the recipient is final; a refused sender, a failed login,
/// a broken connection or a timeout are problems of ours or of the relay, so they are retried.
/// </summary>
public sealed class SmtpMessageTransport(IOptions<SmtpOptions> options) : IMessageTransport
{
    public MessageChannel Channel => MessageChannel.Email;

    public async Task<TransportResult> SendAsync(string address, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!MailboxAddress.TryParse(address, out var to))
        {
            return TransportResult.Permanent("BadAddress");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(to);
        message.Subject = MessageTexts.EmailSubject;
        message.Body = new TextPart(TextFormat.Plain) { Text = MessageTexts.EmailBody(text) };

        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.TimeoutSeconds).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host ?? string.Empty, settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            var error = $"Smtp{(int)e.StatusCode}";
            return (int)e.StatusCode is >= 500 and < 600 && e.ErrorCode != SmtpErrorCode.SenderNotAccepted
                ? TransportResult.Permanent(error)
                : TransportResult.Retry(error);
        }
        catch (MailKit.Security.AuthenticationException)
        {
            return TransportResult.Retry("SmtpAuthentication");
        }
        catch (SslHandshakeException)
        {
            return TransportResult.Retry("Tls");
        }
        catch (Exception e) when (e is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TransportResult.Retry(e is TimeoutException or OperationCanceledException ? "Timeout" : "Connection");
        }

        // The message is accepted: a failed goodbye must not make it look unsent (and be sent twice).
        try
        {
            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or TimeoutException)
        {
            // Nothing to do: the relay has the message; the connection is dropped with the client.
        }

        return TransportResult.Sent;
    }
}
