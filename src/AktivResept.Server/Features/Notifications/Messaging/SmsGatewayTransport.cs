using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Notifications.Messaging;

/// <summary>The <c>Notifications:Sms</c> section; the transport is registered only when <see cref="Url"/> is set.</summary>
public sealed class SmsGatewayOptions
{
    public const string Section = "Notifications:Sms";

    /// <summary>The gateway's endpoint; it gets <c>POST {"to", "from", "text"}</c> as JSON.</summary>
    public string? Url { get; set; }

    /// <summary>The header carrying <see cref="AuthToken"/>, e.g. <c>Authorization</c> with a token <c>Bearer …</c>.</summary>
    public string AuthHeader { get; set; } = "Authorization";

    /// <summary>From a secret store or the environment, never from a file in the repository.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sender name or number shown on the phone.</summary>
    public string From { get; set; } = "AktivResept";

    public int TimeoutSeconds { get; set; } = 10;

    public bool IsValid() => string.IsNullOrWhiteSpace(Url) ||
        (Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && TimeoutSeconds > 0 && !string.IsNullOrWhiteSpace(AuthHeader));
}

/// <summary>
/// Sends one SMS per message through an HTTP gateway. 2xx is sent; 4xx means this request will never be accepted
/// (except 408 and 429, which ask us to come back); 5xx, timeouts and connection failures are retried.
/// </summary>
public sealed class SmsGatewayTransport(IHttpClientFactory httpClients, IOptions<SmsGatewayOptions> options) : IMessageTransport
{
    public const string HttpClientName = "sms-gateway";

    public MessageChannel Channel => MessageChannel.Sms;

    public async Task<TransportResult> SendAsync(string address, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new SmsRequest(address, settings.From, MessageTexts.Sms(text))),
        };
        if (!string.IsNullOrEmpty(settings.AuthToken))
        {
            request.Headers.TryAddWithoutValidation(settings.AuthHeader, settings.AuthToken);
        }

        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => TransportResult.Sent,
                408 or 429 => TransportResult.Retry($"Http{status}"),
                >= 400 and < 500 => TransportResult.Permanent($"Http{status}"),
                _ => TransportResult.Retry($"Http{status}"),
            };
        }
        catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
        {
            return TransportResult.Retry("Connection");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TransportResult.Retry("Timeout");
        }
    }

    private sealed record SmsRequest(string To, string From, string Text);
}
