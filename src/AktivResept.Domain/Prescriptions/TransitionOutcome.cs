using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Prescriptions;

/// <summary>A lifecycle step's result: done, or refused with a catalogue error (and the request field it concerns).</summary>
public record TransitionOutcome(bool Succeeded, Error? Error, string? Field = null)
{
    public static readonly TransitionOutcome Ok = new(true, null);

    public static TransitionOutcome Refused(Error error, string? field = null) => new(false, error, field);
}
