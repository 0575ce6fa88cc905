using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;
using Claim = AktivResept.Server.Features.Claims.Claim;

namespace AktivResept.Server.Fhir.Claims;

public static class ClaimResponseEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "ClaimResponse",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            ClaimEndpoints.IdParam,
            new FhirSearchParam("request", SearchParamType.Reference, "Claim/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/ClaimResponse-request" },
        ],
        "The payer's decision on a claim, read-only, with the claim's id; exists once the claim is decided (Approved, " +
        "PartiallyApproved, Rejected, Paid), 404 before. outcome complete (all approved) | partial | error (all " +
        "rejected); items adjudicated per line: submitted, copay, eligible, benefit (the public share paid, 0 with " +
        $"adjudication.reason from {FhirSystems.PayerReasonSystem} or {FhirSystems.RefusalReasonSystem}) and " +
        $"{FhirSystems.AdjudicationSystem}|co-financing; the payer's notes as processNote; totals per category; payment " +
        "once paid. Visibility is the Claim's.");

    public static readonly ClaimResource Mapping = new(
        "ClaimResponse", ClaimResponseMapping.ToFhir, claims => claims.Where(c => ClaimResponseMapping.Decided.Contains(c.Status)));

    public static RouteGroupBuilder MapClaimResponses(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/ClaimResponse/{id:guid}", (Guid id, ICurrentUserAccessor me, ClaimResources resources, CancellationToken ct) =>
            resources.ReadAsync(me.Caller(), id, Mapping, ct));
        fhir.MapSearch(fhir.MapGet("/ClaimResponse", SearchAsync), fhir.MapPost("/ClaimResponse" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    private static IQueryable<Claim>? Filter(IQueryable<Claim> claims, FhirQuery query)
    {
        if (ClaimEndpoints.ById(claims, query) is not { } q)
        {
            return null;
        }

        if (query["request"] is { } request)
        {
            var ids = SearchValues.References(request, "Claim");
            q = q.Where(c => ids.Contains(c.Id));
        }

        return q;
    }

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, ClaimResources resources, CancellationToken ct) =>
        resources.SearchAsync(me.Caller(), request, Capability, Filter, Mapping, ct);
}
