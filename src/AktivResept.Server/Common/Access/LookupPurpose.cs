namespace AktivResept.Server.Common.Access;

/// <summary>
/// Why a health professional looks a person up by national id (need-to-know, Normen): one of a small fixed list,
/// stated on every look-up — in the body on REST (<c>purpose</c>), in the <see cref="Header"/> on FHIR. The value is
/// written to the audit record as its purpose, so the person sees it in their access log (innsyn).
/// </summary>
public static class LookupPurpose
{
    /// <summary>Preparing a new referral (ny henvisning). Issuing a prescription is itself this purpose.</summary>
    public const string NewReferral = "ny-henvisning";

    /// <summary>Following up a patient already in the professional's care (oppfølging).</summary>
    public const string FollowUp = "oppfolging";

    /// <summary>The HTTP header an EHR sends the purpose of a FHIR look-up in.</summary>
    public const string Header = "X-Purpose-Of-Use";

    public static readonly IReadOnlyList<string> All = [NewReferral, FollowUp];

    /// <summary>The purpose as stated, if it is one of <see cref="All"/> (exact, lower case).</summary>
    public static bool IsKnown(string? value) => value is not null && All.Contains(value, StringComparer.Ordinal);
}
