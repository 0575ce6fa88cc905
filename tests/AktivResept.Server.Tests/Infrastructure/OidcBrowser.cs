using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// What a browser does in a sign-in: follows redirects from the app (in-process test server) to the provider (real
/// HTTP on loopback) and back, each with its own cookie jar, and follows the landing page's meta refresh.
/// </summary>
public sealed partial class OidcBrowser(AktivApiFactory app) : IDisposable
{
    private readonly HttpClient _app = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    private readonly HttpClient _provider = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true });

    /// <summary>Every URL visited, in order.</summary>
    public List<Uri> Visited { get; } = [];

    // The body returned is HTML-decoded, so tests read text as the person does.

    public async Task<(Uri Url, HttpResponseMessage Response, string Body)> GetAsync(string url) => await FollowAsync(HttpMethod.Get, new Uri(_app.BaseAddress!, url), null);

    public async Task<(Uri Url, HttpResponseMessage Response, string Body)> PostAsync(string url, Dictionary<string, string> form) =>
        await FollowAsync(HttpMethod.Post, new Uri(_app.BaseAddress!, url), new FormUrlEncodedContent(form));

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string FormToken(string html) => TokenPattern().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The page has no form token.");

    private async Task<(Uri, HttpResponseMessage, string)> FollowAsync(HttpMethod method, Uri url, HttpContent? content)
    {
        for (var hop = 0; hop < 20; hop++)
        {
            Visited.Add(url);
            var client = url.Host == _app.BaseAddress!.Host ? _app : _provider;
            using var request = new HttpRequestMessage(method, url) { Content = content };
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                url = new Uri(url, location);
            }
            else if (response.IsSuccessStatusCode && RefreshPattern().Match(body) is { Success: true } refresh)
            {
                url = new Uri(url, WebUtility.HtmlDecode(refresh.Groups[1].Value));
            }
            else
            {
                return (url, response, WebUtility.HtmlDecode(body));
            }

            method = HttpMethod.Get;
            content = null;
        }

        throw new InvalidOperationException("Too many redirects: " + string.Join(" → ", Visited));
    }

    public void Dispose()
    {
        _app.Dispose();
        _provider.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex RefreshPattern();
}
