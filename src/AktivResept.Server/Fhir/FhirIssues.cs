using AktivResept.Domain.Errors;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir;

/// <summary>Collects the profile and business-rule problems of an incoming resource; any found is a 422.</summary>
public sealed class FhirIssues
{
    private readonly List<IssueComponent> _issues = [];

    public bool Any => _issues.Count > 0;

    /// <summary>A catalogue error at an element: its issue type and details.coding follow from the code.</summary>
    public void Add(string expression, Error error) => _issues.Add(OperationOutcomes.Issue(error, expression));

    /// <summary>A coded value outside what we accept (issue type code-invalid).</summary>
    public void Code(string expression, Error error) => Add(IssueType.CodeInvalid, expression, error);

    public void Add(IssueType type, string expression, Error error) => _issues.Add(OperationOutcomes.Issue(type, error, expression));

    public FhirResult ToResult() => FhirResult.Errors(StatusCodes.Status422UnprocessableEntity, _issues);
}
