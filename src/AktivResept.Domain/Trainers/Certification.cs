namespace AktivResept.Domain.Trainers;

/// <summary>A trainer's certification, valid on the calendar days from <see cref="ValidFrom"/> to <see cref="ValidTo"/> inclusive.</summary>
public sealed record Certification(CertificationKind Kind, string Issuer, DateOnly ValidFrom, DateOnly ValidTo)
{
    public bool IsValidOn(DateOnly day) => day >= ValidFrom && day <= ValidTo;

    public bool CoversPeriod(DateOnly start, DateOnly end) => ValidFrom <= start && ValidTo >= end;
}
