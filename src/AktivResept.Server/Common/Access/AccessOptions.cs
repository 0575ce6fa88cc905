namespace AktivResept.Server.Common.Access;

/// <summary>Section <c>Access</c>: how long the care relationships a look-up or a prescription gives last, and when look-ups look unusual.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>A look-up or registration gives access this long; a prescription that follows makes it last.</summary>
    public int LookupRelationshipHours { get; set; } = 72;

    /// <summary>After the referrer's last prescription for the person ends, they may still read the person this long.</summary>
    public int AfterCareDays { get; set; } = 90;

    /// <summary>This many look-ups by one user within <see cref="AlertWindowMinutes"/> raise a security alert.</summary>
    public int LookupAlertThreshold { get; set; } = 50;

    public int AlertWindowMinutes { get; set; } = 60;

    /// <summary>
    /// The access-token claim that may carry the purpose of a look-up when the authority issues one (HelseID style);
    /// a purpose stated in the request (FHIR header, REST body) wins over it. Empty: only the request counts.
    /// </summary>
    public string? PurposeClaim { get; set; } = LookupPurpose.DefaultClaim;

    public TimeSpan LookupRelationship => TimeSpan.FromHours(Math.Max(1, LookupRelationshipHours));

    public TimeSpan AfterCare => TimeSpan.FromDays(Math.Max(0, AfterCareDays));

    public TimeSpan AlertWindow => TimeSpan.FromMinutes(Math.Max(1, AlertWindowMinutes));

    public int AlertThreshold => Math.Max(1, LookupAlertThreshold);
}
