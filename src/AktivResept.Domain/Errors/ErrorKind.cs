namespace AktivResept.Domain.Errors;

/// <summary>
/// What sort of failure a code is. The REST status and the FHIR issue type follow from it, never from the text.
/// </summary>
public enum ErrorKind
{
    /// <summary>A field that must be given was not: 400, FHIR <c>required</c>.</summary>
    Required,

    /// <summary>A field has a value we cannot take: 400, FHIR <c>value</c>.</summary>
    Invalid,

    /// <summary>Unknown or not yours (the two are not told apart): 404, FHIR <c>not-found</c>.</summary>
    NotFound,

    /// <summary>The caller's role may not do this: 403, FHIR <c>forbidden</c>.</summary>
    Forbidden,

    /// <summary>A rule or the resource's state refuses the request: 409, FHIR 422 <c>business-rule</c>.</summary>
    Rule,

    /// <summary>Someone else changed the same thing first; re-read and retry: 409, FHIR 409 <c>conflict</c>.</summary>
    Concurrency,
}
