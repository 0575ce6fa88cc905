using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Fhir;

namespace AktivResept.Server.Tests.Fhir;

public sealed class FhirErrorCodeTests
{
    [Fact]
    public void Fhir_codes_are_unique_and_never_reuse_a_code_of_the_other_catalogues()
    {
        var fhir = ErrorCatalogue.Of(typeof(FhirErrorCodes)).Select(c => c.Code).ToList();
        var others = ErrorCatalogue.Of(typeof(ErrorCodes), typeof(ApiErrorCodes), typeof(ProgrammeErrorCodes)).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        fhir.ShouldBeUnique();
        fhir.Where(others.Contains).ShouldBeEmpty();
        fhir.ShouldAllBe(c => c.StartsWith("fhir.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_middleware_problem_keeps_its_own_code_and_otherwise_gets_one_for_its_status()
    {
        var coded = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 409, Detail = "Changed by someone else." };
        coded.Extensions["code"] = "concurrent-change";
        var plain = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 413, Detail = "Too big." };

        var keeps = OperationOutcomes.FromProblem(coded, 409).Issue.ShouldHaveSingleItem();
        var status = OperationOutcomes.FromProblem(plain, 413).Issue.ShouldHaveSingleItem();

        keeps.Details!.Coding.ShouldHaveSingleItem().Code.ShouldBe("concurrent-change");
        keeps.Details!.Coding[0].System.ShouldBe(OperationOutcomes.ErrorCodeSystem);
        keeps.Code.ShouldBe(Hl7.Fhir.Model.OperationOutcome.IssueType.Conflict);
        status.Details!.Coding.ShouldHaveSingleItem().Code.ShouldBe("fhir.http.payload-too-large");
        status.Details!.Coding[0].Display.ShouldBe("Too big.");
        status.Code.ShouldBe(Hl7.Fhir.Model.OperationOutcome.IssueType.TooCostly);
    }
}
