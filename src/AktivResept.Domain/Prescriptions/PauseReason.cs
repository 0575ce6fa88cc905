namespace AktivResept.Domain.Prescriptions;

/// <summary>Why the participant takes a break from training.</summary>
public enum PauseReason
{
    Illness,
    Travel,
    Other,
}
