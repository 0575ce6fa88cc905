using AktivResept.Domain.Errors;

namespace AktivResept.Server.Common.Http;

public enum OutcomeKind
{
    Ok,
    NotFound,
    Invalid,
    Conflict,
    Forbidden,
}

/// <summary>
/// What a use case returns: a value, or why not as catalogue errors. REST maps it to problem details, FHIR to an
/// OperationOutcome and the web UI to localised messages, so expected failures never travel as exceptions.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, ValidationErrors? Errors, Error? Error, string? Field)
{
    public bool Succeeded => Kind == OutcomeKind.Ok;

    public static implicit operator Outcome<T>(T value) => new(OutcomeKind.Ok, value, null, null, null);

    public static implicit operator Outcome<T>(Failure failure) => new(failure.Kind, default, failure.Errors, failure.Error, failure.Field);
}

/// <summary>
/// A failed outcome of any value type. Its kind follows from the error's <see cref="ErrorKind"/>: required and
/// invalid errors are validation failures keyed by field, the rest are not found, forbidden or conflict.
/// </summary>
public sealed record Failure(OutcomeKind Kind, ValidationErrors? Errors, Error? Error, string? Field)
{
    public static Failure NotFound() => Of(ErrorCodes.NotFound);

    public static Failure Invalid(ValidationErrors errors) => new(OutcomeKind.Invalid, errors, null, null);

    public static Failure Invalid(string field, Error error) => new(OutcomeKind.Invalid, ValidationErrors.Single(field, error), error, field);

    /// <summary>A failure whose REST status and FHIR issue follow from the error's kind.</summary>
    public static Failure Of(Error error, string? field = null) => error.Kind switch
    {
        ErrorKind.Required or ErrorKind.Invalid => Invalid(field ?? "$", error),
        ErrorKind.NotFound => new(OutcomeKind.NotFound, null, error, field),
        ErrorKind.Forbidden => new(OutcomeKind.Forbidden, null, error, field),
        _ => new(OutcomeKind.Conflict, null, error, field),
    };
}
