namespace AktivResept.Server.Common.Audit;

public enum AuditOutcome
{
    Success,

    /// <summary>Refused because the caller has no role or relationship to the data (answered as 404 or 403).</summary>
    Denied,

    /// <summary>The caller was entitled but the request was invalid or conflicted with a rule.</summary>
    Refused,
}
