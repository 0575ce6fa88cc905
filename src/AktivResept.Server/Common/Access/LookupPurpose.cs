using System.Security.Claims;

namespace AktivResept.Server.Common.Access;

/// <summary>
/// Why a health professional looks a person up by national id (need-to-know, Normen): one of a small fixed list,
/// stated on every look-up — in the body on REST (<c>purpose</c>), in the <see cref="Header"/> on FHIR. The value is
/// written to the audit record as its purpose, so the person sees it in their access log (innsyn). When the request
/// states none, a claim of the caller's token may (<see cref="AccessOptions.PurposeClaim"/>): the request wins.
/// </summary>
public static class LookupPurpose
{
    /// <summary>Preparing a new referral (ny henvisning). Issuing a prescription is itself this purpose.</summary>
    public const string NewReferral = "ny-henvisning";

    /// <summary>Following up a patient already in the professional's care (oppfølging).</summary>
    public const string FollowUp = "oppfolging";

    /// <summary>The HTTP header an EHR sends the purpose of a FHIR look-up in.</summary>
    public const string Header = "X-Purpose-Of-Use";

    /// <summary>The token claim read by default (<see cref="AccessOptions.PurposeClaim"/>), named in HelseID's style.</summary>
    public const string DefaultClaim = "helseid://claims/client/purpose_of_use";

    public static readonly IReadOnlyList<string> All = [NewReferral, FollowUp];

    /// <summary>
    /// The purpose as the request states it, else as the token's <paramref name="claimType"/> claim does; null when
    /// neither gives one. Not checked against the list: the caller reports an unknown one at its own field.
    /// </summary>
    public static string? Stated(string? fromRequest, ClaimsPrincipal principal, string? claimType)
    {
        if (!string.IsNullOrWhiteSpace(fromRequest))
        {
            return fromRequest.Trim();
        }

        return string.IsNullOrWhiteSpace(claimType) || principal.FindFirst(claimType)?.Value is not { } claimed || string.IsNullOrWhiteSpace(claimed)
            ? null
            : claimed.Trim();
    }

    /// <summary>The purpose as stated, if it is one of <see cref="All"/> (exact, lower case).</summary>
    public static bool IsKnown(string? value) => value is not null && All.Contains(value, StringComparer.Ordinal);
}
