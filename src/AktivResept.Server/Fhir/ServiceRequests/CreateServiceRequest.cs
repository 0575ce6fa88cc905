using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Prescriptions.Issue;
using AktivResept.Server.Fhir.Patients;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>
/// <c>POST /fhir/ServiceRequest</c>: a referral from an EHR becomes a prescription through the same
/// IssuePrescriptionHandler the REST API uses (one transaction, the same rules, the same audit row). What a
/// PA-IG-conformant referral does not carry is inferred (funding from eligibility, period, activity, requester) or
/// deferred (dose, goals: to the initial assessment), and the answer says so in an OperationOutcome (docs/fhir.md).
/// </summary>
public sealed class CreateServiceRequest(
    IssuePrescriptionHandler issue,
    SubjectResolver subjects,
    EligibilityCheck eligibility,
    PersonDirectory people,
    PrescriptionResources resources,
    AktivDbContext db,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task<FhirResult> HandleAsync(CurrentUser user, ServiceRequest resource, bool outcomeOnly, CancellationToken ct)
    {
        if (!PatientAccess.IsHealthProfessional(user))
        {
            await audit.DeniedAsync(user, "Prescription", AuditAction.Create, ct);
            return FhirResult.Error(StatusCodes.Status403Forbidden, ApiErrorCodes.ReferrerOnly);
        }

        var issues = new FhirIssues();
        var order = ServiceRequestInput.Read(resource, issues, Oslo.Today(clock.GetUtcNow()));
        if (order is null)
        {
            return issues.ToResult();
        }

        if (order.Requester is { } named && named != user.Hpr)
        {
            await audit.DeniedAsync(user, "Prescription", AuditAction.Create, ct);
            return FhirResult.Error(StatusCodes.Status403Forbidden, FhirErrorCodes.RequesterNotYou, "ServiceRequest.requester");
        }

        if (order.Requester is null && user.Hpr is { } caller)
        {
            order.Inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredRequester.With(("hpr", caller.Value)), "ServiceRequest.requester"));
        }

        var (nationalId, error) = await subjects.ResolveAsync(user, order.Subject, "ServiceRequest.subject", ct);
        if (error is not null)
        {
            return error;
        }

        var request = order.Request with { Participant = new ParticipantInput(nationalId!.Value, null, null, null) };
        if (request.Funding is null && request.StartDate is { } start)
        {
            request = request with { Funding = await InferFundingAsync(nationalId, start, request.DurationWeeks, order.Inferred, ct) };
        }

        // An EHR has no box to tick: a cover that ends inside the period is issued and the answer carries it as a
        // warning issue (fhir.partial-cover) for the EHR to show its user, instead of REST's refusal (docs/fhir.md).
        var outcome = await issue.HandleAsync(user, request with { AcknowledgePartialCover = true }, ct);
        if (!outcome.Succeeded)
        {
            return FhirOutcomes.Failure(outcome, ServiceRequestInput.ExpressionFor);
        }

        var view = outcome.Value!;
        if (view.Eligibility is { CoversWholePeriod: false, CoveredUntil: { } until })
        {
            order.Inferred.Add(OperationOutcomes.Note(FhirErrorCodes.PartialCover.With(("coveredUntil", until), ("end", view.EndDate)), "ServiceRequest.occurrencePeriod"));
        }

        var location = $"{FhirPaths.Root}/ServiceRequest/{view.Id}";
        // Through the same mapping as a read, so the answer carries the stored version (1) and its time, like its ETag.
        var created = (ServiceRequest)(await resources.MapAsync(view, ServiceRequestEndpoints.Mapping, ct))!;
        if (outcomeOnly)
        {
            // Prefer: return=OperationOutcome (R4 http.html#ops): the outcome instead of the resource, still 201 + Location.
            var note = OperationOutcomes.Note(FhirErrorCodes.Created.With(("reference", $"ServiceRequest/{view.Id}")), severity: IssueSeverity.Information);
            return FhirResult.Created(OperationOutcomes.Of([note, .. order.Inferred]), location);
        }

        if (order.Inferred.Count > 0)
        {
            // The resource itself, with what was inferred as a contained OperationOutcome that an extension references
            // (so the contained resource is referenced, as R4's dom-3 asks). Only the create answer carries it.
            created.Contained.Add(new OperationOutcome { Id = "inferred", Issue = order.Inferred });
            created.Extension.Add(new Extension(FhirSystems.InferredExtension, new ResourceReference("#inferred")));
        }

        return FhirResult.Created(created, location);
    }

    /// <summary>
    /// State-reimbursed when the person is eligible for the period (the issue rule: a benefit at its start) and the person has no other open state-reimbursed
    /// prescription (the rule the issue would refuse on); otherwise self-paid. Either way the answer says which and why.
    /// </summary>
    private async Task<FundingSource> InferFundingAsync(Fodselsnummer nationalId, DateOnly start, int? weeks, List<IssueComponent> inferred, CancellationToken ct)
    {
        const string Expression = "ServiceRequest.extension('" + FhirSystems.FundingExtension + "')";
        var end = start.AddDays(((weeks ?? PrescriptionDetails.DefaultDurationWeeks) * 7) - 1);
        var result = await eligibility.EvaluateAsync(nationalId, start, end, ct);
        if (!result.IsEligible)
        {
            inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredFundingSelf.With(("from", start), ("to", end)), Expression));
            return FundingSource.SelfPaid;
        }

        var person = await people.FindAsync(nationalId, ct);
        var open = Lifecycle.Open;
        if (person is not null && await db.Prescriptions.AnyAsync(
                p => p.ParticipantId == person.Id && p.Funding == FundingSource.StateReimbursed && open.Contains(p.Status), ct))
        {
            inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredFundingSelfOpen, Expression));
            return FundingSource.SelfPaid;
        }

        inferred.Add(OperationOutcomes.Note(FhirErrorCodes.InferredFundingState.With(("benefit", result.Benefit!), ("from", start), ("to", end)), Expression));
        return FundingSource.StateReimbursed;
    }
}
