namespace AktivResept.Domain.Trainers;

/// <summary>
/// A trainer's certification, valid on the calendar days from <see cref="ValidFrom"/> to <see cref="ValidTo"/> inclusive.
/// <see cref="Unverified"/> is true for one a gym entered that has not yet been matched against the issuer's register.
/// </summary>
public sealed record Certification(CertificationKind Kind, string Issuer, DateOnly ValidFrom, DateOnly ValidTo, bool Unverified = false)
{
    public bool IsValidOn(DateOnly day) => day >= ValidFrom && day <= ValidTo;

    public bool CoversPeriod(DateOnly start, DateOnly end) => ValidFrom <= start && ValidTo >= end;

    /// <summary>A trainer known only by certificates nobody has checked: some, and every one unverified.</summary>
    public static bool OnlyUnverified(IReadOnlyCollection<Certification> certifications) =>
        certifications.Count > 0 && certifications.All(c => c.Unverified);
}
