using AktivResept.Domain.Errors;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>Collects the profile and business-rule problems of an incoming resource; any found is a 422.</summary>
public sealed class FhirIssues
{
    private readonly List<IssueComponent> _issues = [];

    public bool Any => _issues.Count > 0;

    public void Required(string expression, string diagnostics) => Add(IssueType.Required, expression, diagnostics);

    public void Value(string expression, string diagnostics) => Add(IssueType.Value, expression, diagnostics);

    public void Code(string expression, string diagnostics) => Add(IssueType.CodeInvalid, expression, diagnostics);

    public void Add(IssueType code, string expression, string diagnostics) =>
        _issues.Add(OperationOutcomes.Issue(code, diagnostics, expression));

    /// <summary>A catalogue error at an element: its issue type and details.coding follow from the code.</summary>
    public void Add(string expression, Error error) => _issues.Add(OperationOutcomes.Issue(error, expression));

    public FhirResult ToResult() => FhirResult.Errors(StatusCodes.Status422UnprocessableEntity, _issues);
}
