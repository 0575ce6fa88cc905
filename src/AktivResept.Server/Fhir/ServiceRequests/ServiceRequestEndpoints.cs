using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.ServiceRequests;

public static class ServiceRequestEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "ServiceRequest",
        [TypeRestfulInteraction.Create, TypeRestfulInteraction.Read, TypeRestfulInteraction.Vread, TypeRestfulInteraction.HistoryInstance, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("subject", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/ServiceRequest-subject" },
            new FhirSearchParam("patient", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/clinical-patient" },
            new FhirSearchParam("identifier", SearchParamType.Token, $"{FhirSystems.PrescriptionIdentifier}|<prescription id>.") { Definition = "http://hl7.org/fhir/SearchParameter/clinical-identifier" },
            new FhirSearchParam("requester", SearchParamType.Reference,
                $"The referrer's HPR number (requester is a logical reference), or requester:identifier={NationalIdSystems.Hpr}|<HPR number>.", "identifier")
            {
                Definition = "http://hl7.org/fhir/SearchParameter/ServiceRequest-requester",
            },
            new FhirSearchParam("status", SearchParamType.Token, "draft | active | completed | revoked; comma for OR.") { Definition = "http://hl7.org/fhir/SearchParameter/ServiceRequest-status" },
        ],
        "Prescriptions. Create issues (status active) or drafts (status draft) a prescription for an existing Patient " +
        "(subject Patient/{id}, or an identifier with the national id) as the calling referrer (requester = the token's " +
        "HPR number, or absent); it takes the HL7 Physical Activity IG's referral as it is: intent in the order family, " +
        "code SNOMED CT 390893007 (or another PA IG intervention code), reasonCode (coding with display and/or text) or " +
        "reasonReference. What the referral leaves out is inferred or deferred and reported as OperationOutcome warnings " +
        "(contained in the created resource, or the body with Prefer: return=OperationOutcome): funding from eligibility, " +
        "the dose (quantityRatio + minutes-per-session, or occurrenceTiming) to the initial assessment, activity types " +
        "(orderDetail) and the period (default 12 weeks from today). Reads and searches see what PrescriptionScope allows, " +
        "newest first, paged with _count and _offset.")
    {
        Sorts = ["authored", "_lastUpdated"],
        Includes = ["ServiceRequest:subject"],
        RevIncludes = ["Task:focus"],
        Versioned = true,
    };

    internal static readonly PrescriptionResource Mapping = new("ServiceRequest", (view, facts) => ServiceRequestMapping.ToFhir(view, facts.TrainerRoleId));

    public static RouteGroupBuilder MapServiceRequests(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/ServiceRequest", async (HttpRequest request, ICurrentUserAccessor me, CreateServiceRequest handler, CancellationToken ct) =>
        {
            var input = await FhirJson.ReadAsync<ServiceRequest>(request, ct);
            var outcomeOnly = request.Headers["Prefer"].Any(p => p?.Contains("return=OperationOutcome", StringComparison.OrdinalIgnoreCase) == true);
            return input.Error ?? await handler.HandleAsync(me.Caller(), input.Resource!, outcomeOnly, ct);
        }).CountsAsNationalIdLookup();
        fhir.MapGet("/ServiceRequest/{id:guid}", (Guid id, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            resources.ReadAsync(me.Caller(), id, Mapping, ct));
        fhir.MapGet("/ServiceRequest/{id:guid}/_history", (Guid id, HttpRequest request, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            resources.HistoryAsync(me.Caller(), request, id, Mapping, ct));
        fhir.MapGet("/ServiceRequest/{id:guid}/_history/{versionId}", (Guid id, string versionId, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            resources.VersionAsync(me.Caller(), id, versionId, Mapping, ct));
        fhir.MapSearch(fhir.MapGet("/ServiceRequest", SearchAsync), fhir.MapPost("/ServiceRequest" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, PrescriptionResources resources, ServiceRequestFilter filter, CancellationToken ct) =>
        resources.SearchAsync(me.Caller(), request, Capability, filter.Apply, Mapping, ct, ServiceRequestFilter.SubjectsOnly);
}
