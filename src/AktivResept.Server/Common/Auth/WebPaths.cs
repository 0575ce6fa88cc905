namespace AktivResept.Server.Common.Auth;

/// <summary>
/// Where the web UI's sign-in lives and where each role lands after it. Both sign-ins (the development personas and
/// OpenID Connect) and the pages use these, so they live below the web UI rather than in it.
/// </summary>
public static class WebPaths
{
    public const string SignIn = "/konto/logg-inn";
    public const string SignOut = "/konto/logg-ut";
    public const string Language = "/konto/sprak";
    public const string ChooseRole = "/konto/velg-rolle";

    /// <summary>The start page of a role.</summary>
    public static string HomeFor(string role) => role switch
    {
        Roles.Referrer or Roles.Ehr => "/henvisninger",
        Roles.ProviderAdmin => "/tilbyder/henvisninger",
        Roles.Participant => "/min-side",
        Roles.Trainer => "/trener",
        Roles.Payer => "/betaler",
        Roles.Municipality => "/kommune",
        Roles.Researcher => "/helseregnskap",
        Roles.SecurityOfficer => "/sikkerhet/varsler",
        _ => "/",
    };

    /// <summary>The URL when it is a path on this site, else the fallback: a return URL never leads off the site.</summary>
    public static string LocalOr(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) &&
        !url.Any(char.IsControl)
            ? url
            : fallback;
}
