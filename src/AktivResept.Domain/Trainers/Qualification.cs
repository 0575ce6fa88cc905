namespace AktivResept.Domain.Trainers;

/// <summary>Which trainers may take a prescription: valid for the required competence across the whole period.</summary>
public static class Qualification
{
    /// <summary>Without a required competence any trainer certification will do; with one, only that kind.</summary>
    public static bool Qualifies(IEnumerable<Certification> certifications, CertificationKind? required, DateOnly start, DateOnly end) =>
        certifications.Any(c => (required is null || c.Kind == required) && c.CoversPeriod(start, end));
}
