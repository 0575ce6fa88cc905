namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// A referral to «Aktiv på dagtid» by a frisklivssentral or NAV counsellor, for a person without a qualifying benefit
/// (or whose benefit is not yet registered). Valid for a period; it lets the person in on the days it covers.
/// </summary>
public sealed class ProgrammeReferral
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PersonId { get; set; }

    /// <summary>The municipality whose programmes it opens.</summary>
    public string Kommunenummer { get; set; } = string.Empty;

    /// <summary>The organisation that referred (the frisklivssentral's municipality or the NAV office).</summary>
    public string ReferrerOrganisationNumber { get; set; } = string.Empty;

    /// <summary>The signed-in user who issued it (their subject), for the audit trail.</summary>
    public string IssuedBy { get; set; } = string.Empty;

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public bool IsValidOn(DateOnly day) => WithdrawnAt is null && ValidFrom <= day && day <= ValidTo;
}
