using AktivResept.Domain.Errors;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>Builds the OperationOutcomes every /fhir error answers with (never problem details).</summary>
public static class OperationOutcomes
{
    /// <summary>Where our error codes are defined: issue.details.coding names the code in this system.</summary>
    public const string ErrorCodeSystem = "https://aktivresept.no/fhir/CodeSystem/error";

    /// <summary>An issue for a catalogue error: its type from the error's kind, the code in details.coding.</summary>
    public static IssueComponent Issue(Error error, string? expression = null) => Issue(IssueTypeFor(error.Kind), error, expression);

    /// <summary>An issue for a catalogue error whose FHIR issue type says more than its kind (code-invalid, not-supported, structure).</summary>
    public static IssueComponent Issue(IssueType type, Error error, string? expression = null) =>
        Coded(type, error.Code, error.Message, expression);

    /// <summary>A warning (or, for <paramref name="severity"/> information, a note) about what succeeded: something we inferred.</summary>
    public static IssueComponent Note(Error error, string? expression = null, IssueSeverity severity = IssueSeverity.Warning)
    {
        var issue = Coded(IssueType.Informational, error.Code, error.Message, expression);
        issue.Severity = severity;
        return issue;
    }

    /// <summary>Every issue we write goes through here: the code in details.coding (display and diagnostics = the English message).</summary>
    private static IssueComponent Coded(IssueType type, string code, string message, string? expression)
    {
        var issue = new IssueComponent
        {
            Severity = IssueSeverity.Error,
            Code = type,
            Diagnostics = message,
            Details = new CodeableConcept { Coding = [new Coding(ErrorCodeSystem, code, message)] },
        };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }

    public static IssueType IssueTypeFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Required => IssueType.Required,
        ErrorKind.Invalid => IssueType.Value,
        ErrorKind.NotFound => IssueType.NotFound,
        ErrorKind.Forbidden => IssueType.Forbidden,
        ErrorKind.Concurrency => IssueType.Conflict,
        _ => IssueType.BusinessRule,
    };

    public static OperationOutcome Of(IEnumerable<IssueComponent> issues) => new() { Issue = [.. issues] };

    /// <summary>The issue type that best describes an HTTP error status without more context.</summary>
    public static IssueType CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => IssueType.Invalid,
        StatusCodes.Status401Unauthorized => IssueType.Security,
        StatusCodes.Status403Forbidden => IssueType.Forbidden,
        StatusCodes.Status404NotFound => IssueType.NotFound,
        StatusCodes.Status405MethodNotAllowed or StatusCodes.Status406NotAcceptable or StatusCodes.Status415UnsupportedMediaType => IssueType.NotSupported,
        StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed => IssueType.Conflict,
        StatusCodes.Status413PayloadTooLarge => IssueType.TooCostly,
        StatusCodes.Status422UnprocessableEntity => IssueType.Processing,
        StatusCodes.Status429TooManyRequests => IssueType.Throttled,
        >= 500 => IssueType.Exception,
        _ => IssueType.Processing,
    };

    /// <summary>Translates a problem written by shared middleware (auth, routing, exceptions, size limit) for a /fhir caller, keeping its code.</summary>
    public static OperationOutcome FromProblem(ProblemDetails problem, int status)
    {
        var code = CodeFor(status);
        var issues = new List<IssueComponent>();
        if (problem.Extensions.TryGetValue("errors", out var value) && value is IDictionary<string, Error[]> { Count: > 0 } errors)
        {
            issues.AddRange(errors.SelectMany(e => e.Value.Select(error => Issue(error, e.Key == "$" ? null : e.Key))));
        }
        else
        {
            // Middleware that knows its error names it as the problem's code; otherwise the status decides.
            var fallback = FhirErrorCodes.ForStatus(status);
            var named = problem.Extensions.TryGetValue("code", out var given) && given is string { Length: > 0 } text ? text : fallback.Code;
            issues.Add(Coded(code, named, problem.Detail ?? problem.Title ?? fallback.Template, null));
        }

        return Of(issues);
    }
}
