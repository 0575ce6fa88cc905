using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>
/// One health-account request as a route and query string name it ({kind}/{key}?from=&amp;to=&amp;assumptions): parsed
/// by <see cref="AccountQuery"/> (a value that does not parse: 400 naming it) and read by the
/// <see cref="HealthAccountReader"/> (access, range checks, audit). The PDF endpoint, the web page and its downloads
/// all ask it, so they answer alike.
/// </summary>
public static class HealthAccountRequest
{
    public static async Task<Outcome<HealthAccountView>> ReadAsync(string kind, string key, IQueryCollection query, CurrentUser user, HealthAccountReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!AccountQuery.TryParse(query, out var from, out var to, out var assumptions, out var errors))
        {
            return Failure.Invalid(errors);
        }

        // An unknown kind is an unknown scope: the reader's 404 (and its audit of the attempt).
        var scopeKind = AccountScope.TryKind(kind, out var k) ? k : (AccountScopeKind)(-1);
        return await reader.ReadAsync(user, new AccountScope(scopeKind, key, from, to), assumptions, ct);
    }

    /// <summary>The PDF's file name: scope and period, no person.</summary>
    public static string FileName(HealthAccountView view, string extension) =>
        $"helseregnskap-{view.Scope.Kind}-{view.Scope.Key}-{view.From:yyyy-MM-dd}-{view.To:yyyy-MM-dd}.{extension}";
}
