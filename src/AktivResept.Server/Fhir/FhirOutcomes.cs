using AktivResept.Server.Common.Http;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>
/// Maps a failed use-case outcome (shared with the REST API) to its FHIR answer: not found 404, forbidden 403,
/// invalid 422 with each field translated to the element it came from, and a refused rule or lifecycle step 422
/// (business-rule): in FHIR, 409 means a version conflict, which clients answer by re-reading and retrying.
/// </summary>
public static class FhirOutcomes
{
    public static FhirResult Failure<T>(Outcome<T> outcome, Func<string?, string> expressionFor) => outcome.Kind switch
    {
        OutcomeKind.NotFound => FhirResult.Error(StatusCodes.Status404NotFound, IssueType.NotFound, outcome.Detail ?? "Not found."),
        OutcomeKind.Forbidden => FhirResult.Error(StatusCodes.Status403Forbidden, IssueType.Forbidden, outcome.Detail ?? "Forbidden."),
        OutcomeKind.Invalid => FhirResult.Errors(StatusCodes.Status422UnprocessableEntity, InvalidIssues(outcome, expressionFor)),
        _ => FhirResult.Error(
            StatusCodes.Status422UnprocessableEntity,
            IssueType.BusinessRule,
            outcome.Detail ?? "The request conflicts with the current state.",
            expressionFor(outcome.Field)),
    };

    private static IEnumerable<IssueComponent> InvalidIssues<T>(Outcome<T> outcome, Func<string?, string> expressionFor)
    {
        foreach (var (field, messages) in outcome.Errors?.ToDictionary() ?? new Dictionary<string, string[]>())
        {
            var expression = expressionFor(field);
            foreach (var message in messages)
            {
                // Shared messages are written to follow a field name ("is required."): put the element in front.
                var diagnostics = message.Length > 0 && char.IsLower(message[0]) ? $"{expression} {message}" : message;
                var code = message.Contains("required", StringComparison.OrdinalIgnoreCase) ? IssueType.Required : IssueType.Value;
                yield return OperationOutcomes.Issue(code, diagnostics, expression);
            }
        }
    }
}
