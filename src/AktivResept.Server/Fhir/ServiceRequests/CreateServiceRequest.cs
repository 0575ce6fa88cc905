using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Prescriptions.Issue;
using AktivResept.Server.Fhir.Patients;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>
/// <c>POST /fhir/ServiceRequest</c>: a referral from an EHR becomes a prescription through the same
/// IssuePrescriptionHandler the REST API uses (one transaction, the same rules, the same audit row).
/// </summary>
public sealed class CreateServiceRequest(IssuePrescriptionHandler issue, SubjectResolver subjects, AuditLog audit)
{
    public async Task<FhirResult> HandleAsync(CurrentUser user, ServiceRequest resource, CancellationToken ct)
    {
        if (!PatientAccess.IsHealthProfessional(user))
        {
            await audit.DeniedAsync(user, "Prescription", AuditAction.Create, ct);
            return FhirResult.Error(StatusCodes.Status403Forbidden, ApiErrorCodes.ReferrerOnly);
        }

        var issues = new FhirIssues();
        var order = ServiceRequestInput.Read(resource, issues);
        if (order is null)
        {
            return issues.ToResult();
        }

        if (order.Requester != user.Hpr)
        {
            await audit.DeniedAsync(user, "Prescription", AuditAction.Create, ct);
            return FhirResult.Error(StatusCodes.Status403Forbidden, FhirErrorCodes.RequesterNotYou, "ServiceRequest.requester");
        }

        var (nationalId, error) = await subjects.ResolveAsync(user, order.Subject, "ServiceRequest.subject", ct);
        if (error is not null)
        {
            return error;
        }

        var request = order.Request with { Participant = new ParticipantInput(nationalId!.Value, null, null, null) };
        var outcome = await issue.HandleAsync(user, request, ct);
        if (!outcome.Succeeded)
        {
            return FhirOutcomes.Failure(outcome, ServiceRequestInput.ExpressionFor);
        }

        var view = outcome.Value!;
        return FhirResult.Created(ServiceRequestMapping.ToFhir(view, trainerRoleId: null), $"{FhirPaths.Root}/ServiceRequest/{view.Id}");
    }
}
