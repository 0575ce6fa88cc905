using AktivResept.Server.Common.Access;
using Microsoft.Extensions.Options;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir.Patients;

/// <summary>
/// The purpose of a FHIR look-up by national id, from the <see cref="LookupPurpose.Header"/> header (docs/fhir.md):
/// missing or not on the list is a 400 OperationOutcome naming the header. Without the header, the token's purpose
/// claim (<see cref="AccessOptions.PurposeClaim"/>) counts, if the authority issues one; the header wins over it.
/// </summary>
public static class PurposeOfUse
{
    public static (string? Purpose, FhirResult? Error) Read(HttpRequest request)
    {
        var claim = request.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AccessOptions>>().CurrentValue.PurposeClaim;
        var stated = LookupPurpose.Stated(request.Headers[LookupPurpose.Header].ToString(), request.HttpContext.User, claim) ?? string.Empty;
        var purposes = string.Join(", ", LookupPurpose.All);
        if (stated.Length == 0)
        {
            return (null, FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.Required,
                FhirErrorCodes.PurposeOfUseRequired.With(("purposes", purposes)), LookupPurpose.Header));
        }

        return LookupPurpose.IsKnown(stated)
            ? (stated, null)
            : (null, FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.CodeInvalid,
                FhirErrorCodes.PurposeOfUseUnknown.With(("purposes", purposes)), LookupPurpose.Header));
    }
}
