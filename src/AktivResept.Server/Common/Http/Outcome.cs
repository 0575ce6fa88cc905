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
/// What a use case returns: a value, or why not. REST maps it to problem details, FHIR to an OperationOutcome and the
/// web UI to messages, so expected failures never travel as exceptions.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, ValidationErrors? Errors, string? Detail, string? Field)
{
    public bool Succeeded => Kind == OutcomeKind.Ok;

    public static implicit operator Outcome<T>(T value) => new(OutcomeKind.Ok, value, null, null, null);

    public static implicit operator Outcome<T>(Failure failure) => new(failure.Kind, default, failure.Errors, failure.Detail, failure.Field);
}

/// <summary>A failed outcome of any value type.</summary>
public sealed record Failure(OutcomeKind Kind, ValidationErrors? Errors, string? Detail, string? Field)
{
    public static Failure NotFound(string detail = "The resource does not exist or is not yours.") => new(OutcomeKind.NotFound, null, detail, null);

    public static Failure Invalid(ValidationErrors errors) => new(OutcomeKind.Invalid, errors, null, null);

    public static Failure Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return new(OutcomeKind.Invalid, errors, null, field);
    }

    public static Failure Conflict(string detail, string? field = null) => new(OutcomeKind.Conflict, null, detail, field);

    public static Failure Forbidden(string detail) => new(OutcomeKind.Forbidden, null, detail, null);
}
