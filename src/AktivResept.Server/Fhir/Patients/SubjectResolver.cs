using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.People;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Fhir.Patients;

/// <summary>
/// The person a referral is for: a literal <c>Patient/{id}</c> the caller may see, or a logical reference by national
/// id. The person must already exist; otherwise the answer says to create the Patient first. Unknown and not-yours
/// give the same answer.
/// </summary>
public sealed class SubjectResolver(PersonDirectory people, PatientAccess access, AuditLog audit, IOptions<TestIdentityOptions> identity)
{
    public async Task<(Fodselsnummer? NationalId, FhirResult? Error)> ResolveAsync(CurrentUser user, ResourceReference subject, string expression, CancellationToken ct)
    {
        var issues = new FhirIssues();
        if (subject.Type is { } type && type != "Patient")
        {
            issues.Add(expression + ".type", FhirErrorCodes.SubjectType);
            return (null, issues.ToResult());
        }

        if (!string.IsNullOrEmpty(subject.Reference))
        {
            return await ByReferenceAsync(user, subject.Reference, expression, ct);
        }

        if (subject.Identifier is not { System: NationalIdSystems.Fodselsnummer or NationalIdSystems.DNumber } identifier)
        {
            issues.Add(expression, FhirErrorCodes.SubjectRequired.With(("fodselsnummer", NationalIdSystems.Fodselsnummer), ("dNumber", NationalIdSystems.DNumber)));
            return (null, issues.ToResult());
        }

        if (!Fodselsnummer.TryParse(identifier.Value, identity.Value.AllowTestIdentities, out var nationalId, out var error))
        {
            issues.Add(expression + ".identifier.value", error);
            return (null, issues.ToResult());
        }

        if (await people.FindAsync(nationalId, ct) is null)
        {
            issues.Add(expression, FhirErrorCodes.SubjectUnknownNationalId);
            return (null, issues.ToResult());
        }

        return (nationalId, null);
    }

    private async Task<(Fodselsnummer? NationalId, FhirResult? Error)> ByReferenceAsync(CurrentUser user, string reference, string expression, CancellationToken ct)
    {
        var id = FhirReferences.IdOf(reference, "Patient");
        var (person, canSee) = id is null ? (null, false) : await access.FindAsync(user, id.Value, ct);
        if (person is null || !canSee)
        {
            if (id is not null)
            {
                audit.Add(user, $"Patient/{id}", AuditAction.Read, AuditOutcome.Denied, person?.Id);
                await audit.SaveAsync(ct);
            }

            var issues = new FhirIssues();
            issues.Add(expression + ".reference", FhirErrorCodes.SubjectUnknownReference);
            return (null, issues.ToResult());
        }

        people.Remember(person);
        return (Fodselsnummer.Parse(people.NationalIdOf(person), allowSynthetic: true), null);
    }
}
