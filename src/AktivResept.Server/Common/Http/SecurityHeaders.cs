using Microsoft.Net.Http.Headers;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// The headers every response carries (issue 20, item 3; <c>docs/security.md</c>). They are set as the response starts,
/// so answers written by the exception handler, status-code pages, authentication challenges and static files get them
/// as well as endpoints do.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// Pages: scripts, styles, fonts and fetches from this origin only (no inline script or style, no eval), nothing
    /// framed, no plugins, forms post back here. <c>base-uri 'self'</c> rather than <c>'none'</c>: the Blazor page
    /// declares <c>&lt;base href="/"&gt;</c>, which enhanced navigation and the relative asset links resolve against.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>/api and /fhir answer data, never documents: a response rendered by mistake may load and frame nothing.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Where the static assets live (the framework's script, our scripts, styles and fonts): code and styling, never
    /// personal data, so the only responses a browser or proxy may keep. Everything else is <c>no-store</c>.
    /// </summary>
    private static readonly PathString[] StaticAssetPaths = ["/_framework", "/_content", "/css", "/js", "/lib"];

    /// <summary>Public aggregates without personal data (the sector statistics): they keep the cache header they set.</summary>
    private static readonly PathString[] PublicAggregatePaths = ["/api/statistics/sector", "/api/statistics/sector.csv"];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>Whether a path is a static asset a cache may keep (see <see cref="StaticAssetPaths"/>).</summary>
    public static bool IsStaticAsset(PathString path) => StaticAssetPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sign-out form redirects to ID-porten's or HelseID's end-session endpoint, which form-action must allow.</summary>
    private static string PagePolicyWithSignOut(HttpContext context) =>
        context.RequestServices.GetService<Auth.Oidc.OidcCatalog>() is { FormActionOrigins.Count: > 0 } catalog
            ? PagePolicy.Replace("form-action 'self'", "form-action 'self' " + string.Join(' ', catalog.FormActionOrigins), StringComparison.Ordinal)
            : PagePolicy;

    private static void Apply(HttpContext context)
    {
        var path = context.Request.Path;
        var headers = context.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers[HeaderNames.ContentSecurityPolicy] =
            path.StartsWithSegments("/api") || path.StartsWithSegments("/fhir") ? DataPolicy : PagePolicyWithSignOut(context);
        var publicAggregate = PublicAggregatePaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)) && headers.CacheControl.Count > 0;
        if (!IsStaticAsset(path) && !publicAggregate)
        {
            // Overwrites whatever a handler set: REST, FHIR, pages and downloads may all carry personal data.
            headers.CacheControl = "no-store";
        }
    }
}
