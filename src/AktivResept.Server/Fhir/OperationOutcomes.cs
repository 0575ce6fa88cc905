using AktivResept.Domain.Errors;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>Builds the OperationOutcomes every /fhir error answers with (never problem details).</summary>
public static class OperationOutcomes
{
    public static IssueComponent Issue(IssueType code, string diagnostics, string? expression = null, IssueSeverity severity = IssueSeverity.Error)
    {
        var issue = new IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }

    /// <summary>Where our error codes are defined: issue.details.coding names the code in this system.</summary>
    public const string ErrorCodeSystem = "https://aktivresept.no/fhir/CodeSystem/error";

    /// <summary>An issue for a catalogue error: its type from the error's kind, the code in details.coding.</summary>
    public static IssueComponent Issue(Error error, string? expression = null)
    {
        var issue = Issue(IssueTypeFor(error.Kind), error.Message, expression);
        issue.Details = new CodeableConcept { Coding = [new Coding(ErrorCodeSystem, error.Code, error.Message)] };
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

    public static OperationOutcome Error(IssueType code, string diagnostics, string? expression = null) =>
        Of([Issue(code, diagnostics, expression)]);

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

    /// <summary>Translates a problem written by shared middleware (auth, routing, exceptions, size limit) for a /fhir caller.</summary>
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
            issues.Add(Issue(code, problem.Detail ?? problem.Title ?? "The request failed."));
        }

        return Of(issues);
    }
}
