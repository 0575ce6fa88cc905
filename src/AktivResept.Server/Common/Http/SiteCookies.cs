using AktivResept.Server.Common.Configuration;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// The web UI's three cookies (sign-in, antiforgery, language), named and hardened in one place (issue 20, item 3).
/// All are <c>HttpOnly</c> (no script of ours reads a cookie) and <c>Path=/</c>. In a deployment they are
/// <c>Secure</c> whatever the request's scheme (TLS may end at a proxy) and carry the <c>__Host-</c> prefix, so the
/// browser accepts them only over HTTPS, from this host, without a <c>Domain</c>: a sibling subdomain cannot plant or
/// overwrite them. Development and the test host keep plain names, so <c>dotnet run</c> works over http://127.0.0.1.
/// </summary>
public static class SiteCookies
{
    public const string SignIn = "aktivresept";
    public const string Antiforgery = "aktivresept.af";
    public const string Language = "aktivresept.lang";

    /// <summary>The name the browser sees: prefixed with <c>__Host-</c> in a deployment.</summary>
    public static string Name(string name, IHostEnvironment environment) =>
        StartupSettings.DefaultsAllowed(environment) ? name : "__Host-" + name;

    /// <summary>Names and hardens a cookie: HttpOnly, Path=/, no Domain, Secure as <see cref="Name"/> explains.</summary>
    public static void Harden(CookieBuilder cookie, string name, SameSiteMode sameSite, IHostEnvironment environment)
    {
        cookie.Name = Name(name, environment);
        cookie.HttpOnly = true;
        cookie.Path = "/";
        cookie.Domain = null;
        cookie.SameSite = sameSite;
        cookie.SecurePolicy = StartupSettings.DefaultsAllowed(environment) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    }
}
