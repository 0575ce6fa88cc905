using System.Net;
using System.Text.RegularExpressions;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Security;

/// <summary>The web UI as a browser drives it: a cookie jar, the sign-in form with its antiforgery token, sign-out.</summary>
public static partial class WebSession
{
    /// <summary>A client with its own cookie jar that does not follow redirects (tests look at each answer).</summary>
    public static HttpClient Browser(this AktivApiFactory app, Uri? baseAddress = null) =>
        app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = baseAddress ?? new Uri("http://localhost") });

    /// <summary>Signs in with a demo persona through the sign-in form, as the page's button does.</summary>
    public static async Task SignInAsync(this HttpClient browser, string persona)
    {
        var token = await FormTokenAsync(browser, "/logg-inn");
        using var response = await browser.PostAsync("/konto/logg-inn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["persona"] = persona,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldNotContain("logg-inn");
    }

    /// <summary>The antiforgery token of the first form on a page (the cookie half lands in the jar).</summary>
    public static async Task<string> FormTokenAsync(this HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(path);
        return TokenField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new ShouldAssertException($"{path} has no antiforgery token");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
