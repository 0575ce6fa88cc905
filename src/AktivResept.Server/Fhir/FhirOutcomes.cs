using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Fhir;

/// <summary>
/// Maps a failed use-case outcome (shared with the REST API) to its FHIR answer: not found 404, forbidden 403,
/// invalid 422 with each field translated to the element it came from, a refused rule or lifecycle step 422
/// (business-rule) and a lost race 409 (conflict): in FHIR, 409 means a version conflict, which clients answer by
/// re-reading and retrying. Each issue names our error code in details.coding; its type follows from the code's kind.
/// </summary>
public static class FhirOutcomes
{
    public static FhirResult Failure<T>(Outcome<T> outcome, Func<string?, string> expressionFor) => outcome.Kind switch
    {
        OutcomeKind.NotFound => Single(StatusCodes.Status404NotFound, outcome, expressionFor),
        OutcomeKind.Forbidden => Single(StatusCodes.Status403Forbidden, outcome, expressionFor),
        OutcomeKind.Invalid => FhirResult.Errors(
            StatusCodes.Status422UnprocessableEntity,
            (outcome.Errors?.ToDictionary() ?? new Dictionary<string, IReadOnlyList<Domain.Errors.Error>>())
                .SelectMany(field => field.Value.Select(error => OperationOutcomes.Issue(error, expressionFor(field.Key))))),
        _ when outcome.Error?.Kind == Domain.Errors.ErrorKind.Concurrency => Single(StatusCodes.Status409Conflict, outcome, expressionFor),
        _ => Single(StatusCodes.Status422UnprocessableEntity, outcome, expressionFor),
    };

    private static FhirResult Single<T>(int status, Outcome<T> outcome, Func<string?, string> expressionFor) =>
        FhirResult.Errors(status, [OperationOutcomes.Issue(
            outcome.Error ?? Domain.Errors.ErrorCodes.NotFound,
            outcome.Field is null && outcome.Kind != OutcomeKind.Conflict ? null : expressionFor(outcome.Field))]);
}
