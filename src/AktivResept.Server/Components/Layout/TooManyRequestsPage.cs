using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Fhir;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Layout;

/// <summary>
/// The web UI's answer when a rate limit refuses a page or form post (Common/RateLimits): a short page in the person's
/// language (Norwegian unless they chose English) saying how long to wait, instead of problem JSON. Plain HTML with the
/// site's stylesheets and no script, written before the page pipeline runs.
/// </summary>
public sealed class TooManyRequestsPage(IStringLocalizer<UiText> t, ThemeAssets theme) : IProblemDetailsWriter
{
    // Markup characters escaped, Norwegian letters kept as they are (the default encoder writes "ø" as &#xF8;).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public bool CanWrite(ProblemDetailsContext context) =>
        (context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode) == StatusCodes.Status429TooManyRequests &&
        !context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) &&
        !FhirPaths.IsFhir(context.HttpContext.Request);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var seconds = int.TryParse(http.Response.Headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 60;
        var culture = ChosenCulture(http);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var html = Html;
            var title = html.Encode(t["RateLimited.Title"]);
            var text = html.Encode(ErrorText.Localize(t, ApiErrorCodes.RateLimited.With(("seconds", seconds))));
            var sheets = string.Concat(theme.Stylesheets.Append("css/site.css").Select(sheet => $"<link rel=\"stylesheet\" href=\"/{html.Encode(sheet)}\" />"));
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                $"""
                <!DOCTYPE html>
                <html lang="{culture.TwoLetterISOLanguageName}">
                <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>{title} – AktivResept</title>{sheets}</head>
                <body><main id="main"><h1>{title}</h1><p>{text}</p><p><a href="/">{html.Encode(t["Nav.Home"])}</a></p></main></body>
                </html>
                """, http.RequestAborted);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The language cookie the switch sets (request localisation has not run yet); Bokmål otherwise.</summary>
    private static CultureInfo ChosenCulture(HttpContext http)
    {
        var chosen = http.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName] is { } cookie
            ? CookieRequestCultureProvider.ParseCookieValue(cookie)?.UICultures.FirstOrDefault().Value
            : null;
        return WebUiModule.Cultures.FirstOrDefault(c => c.Name == chosen) ?? WebUiModule.Cultures[0];
    }
}
