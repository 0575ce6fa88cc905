namespace AktivResept.Domain.Trainers;

public enum CertificationKind
{
    PersonalTrainer,
    HealthCoach,

    /// <summary>"Aktiv-instruktør": certified for cancer rehabilitation training.</summary>
    AktivInstruktor,
    GroupInstructor,
}
