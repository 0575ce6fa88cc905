namespace AktivResept.Domain.Prescriptions;

public record TransitionOutcome(bool Succeeded, string? Error)
{
    public static readonly TransitionOutcome Ok = new(true, null);

    public static TransitionOutcome Refused(string error) => new(false, error);
}
