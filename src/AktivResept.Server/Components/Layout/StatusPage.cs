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
/// The web UI's answer for a status without a page of its own, instead of problem JSON or the framework's plain
/// "Status Code: 404; Not Found", in the site's header and footer with the way home: 403 (a page the role may not
/// open) and 500 (an unexpected failure, nothing of it shown) say so; 429 when a rate limit refuses a page or form post (Common/RateLimits) says how long to
/// wait; 404 (an unknown address, and a page that set 404 for a record that is unknown or not the caller's — the two
/// answer alike) says the page was not found, with the way home. A short page in the person's language (Norwegian
/// unless they chose English), plain HTML with the site's stylesheets and no script. /api and /fhir keep their
/// problem details and OperationOutcomes.
/// </summary>
public sealed class StatusPage(IStringLocalizer<UiText> t, ThemeAssets theme, IWebHostEnvironment environment) : IProblemDetailsWriter
{
    // Markup characters escaped, Norwegian letters kept as they are (the default encoder writes "ø" as &#xF8;).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public bool CanWrite(ProblemDetailsContext context) =>
        (context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode) switch
        {
            StatusCodes.Status429TooManyRequests => true,
            // A browser asked for a page; other clients of a non-API path keep the framework's answer.
            StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden or StatusCodes.Status500InternalServerError =>
                context.HttpContext.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)),
            _ => false,
        } &&
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
            var (titleKey, textKey) = (context.ProblemDetails.Status ?? http.Response.StatusCode) switch
            {
                StatusCodes.Status404NotFound => ("NotFound.Title", "NotFound.Text"),
                StatusCodes.Status403Forbidden => ("AccessDenied.Title", "AccessDenied.Text"),
                StatusCodes.Status500InternalServerError => ("ServerError.Title", "ServerError.Text"),
                _ => ("RateLimited.Title", null),
            };
            var title = html.Encode(t[titleKey]);
            var text = html.Encode(textKey is null ? ErrorText.Localize(t, ApiErrorCodes.RateLimited.With(("seconds", seconds))) : t[textKey]);
            var sheets = string.Concat(theme.Stylesheets.Append("css/site.css").Select(sheet => $"<link rel=\"stylesheet\" href=\"/{html.Encode(sheet)}\" />"));
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                $"""
                <!DOCTYPE html>
                <html lang="{culture.TwoLetterISOLanguageName}">
                <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>{title} – AktivResept</title>{sheets}</head>
                <body><a class="skip-link" href="#main">{html.Encode(t["Layout.SkipToContent"])}</a><header class="site-header"><div class="site-header__inner"><a class="brand" href="/"><span class="brand__mark" aria-hidden="true"></span>AktivResept</a></div></header>
                <main id="main" tabindex="-1"><h1>{title}</h1><p>{text}</p><p><a href="/">{html.Encode(t["Nav.Home"])}</a></p></main>
                <footer class="site-footer"><p>{html.Encode(t["Layout.Footer"])}</p></footer></body>
                </html>
                """, http.RequestAborted);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>The language cookie the switch sets (request localisation has not run yet); Bokmål otherwise.</summary>
    private CultureInfo ChosenCulture(HttpContext http)
    {
        var chosen = http.Request.Cookies[SiteCookies.Name(SiteCookies.Language, environment)] is { } cookie
            ? CookieRequestCultureProvider.ParseCookieValue(cookie)?.UICultures.FirstOrDefault().Value
            : null;
        return WebUiModule.Cultures.FirstOrDefault(c => c.Name == chosen) ?? WebUiModule.Cultures[0];
    }
}
