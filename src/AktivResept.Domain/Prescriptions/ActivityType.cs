namespace AktivResept.Domain.Prescriptions;

public enum ActivityType
{
    SupervisedStrength,
    Endurance,
    GroupClass,
    PersonalTrainerFollowUp,
    DietGuidance,
}
