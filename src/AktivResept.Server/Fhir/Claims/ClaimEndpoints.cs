using AktivResept.Domain.Claims;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;
using Claim = AktivResept.Server.Features.Claims.Claim;

namespace AktivResept.Server.Fhir.Claims;

public static class ClaimEndpoints
{
    public static readonly FhirSearchParam IdParam =
        new("_id", SearchParamType.Token, "The claim id; comma for OR.") { Definition = "http://hl7.org/fhir/SearchParameter/Resource-id" };

    public static readonly FhirResourceCapability Capability = new(
        "Claim",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            IdParam,
            new FhirSearchParam("provider", SearchParamType.Reference, $"Organization/{{id}}, or provider:identifier={NationalIdSystems.OrganisationNumber}|<organisasjonsnummer>.", "identifier") { Definition = "http://hl7.org/fhir/SearchParameter/Claim-provider" },
            new FhirSearchParam("status", SearchParamType.Token, "draft | active (submitted on); cancelled and entered-in-error match nothing.") { Definition = "http://hl7.org/fhir/SearchParameter/Claim-status" },
            new FhirSearchParam("use", SearchParamType.Token, "claim (every Claim here).") { Definition = "http://hl7.org/fhir/SearchParameter/Claim-use" },
            new FhirSearchParam("created", SearchParamType.Date, "eq, gt, lt, ge, le and a date (yyyy, yyyy-MM, yyyy-MM-dd, Oslo) or an instant with offset; once per search.") { Definition = "http://hl7.org/fhir/SearchParameter/Claim-created" },
        ],
        "A provider's claim to one payer for one month, read-only, with the claim's id: provider admins see their own " +
        "provider's, payer caseworkers those submitted to their payer. status Draft→draft, otherwise active (the precise " +
        $"state in {FhirSystems.ClaimStatusExtension}); type professional, use claim, billablePeriod the month, items per " +
        $"line (service {FhirSystems.ServiceTypeSystem}, date, price in NOK) each naming its Patient in " +
        $"{FhirSystems.ClaimItemPatientExtension}; patient is that Patient when the claim has one participant, otherwise " +
        "data-absent-reason not-applicable. insurer is a logical reference by organisasjonsnummer. Newest first.");

    public static readonly ClaimResource Mapping = new("Claim", ClaimMapping.ToFhir, claims => claims);

    public static RouteGroupBuilder MapClaims(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Claim/{id:guid}", (Guid id, ICurrentUserAccessor me, ClaimResources resources, CancellationToken ct) =>
            resources.ReadAsync(me.Caller(), id, Mapping, ct));
        fhir.MapSearch(fhir.MapGet("/Claim", SearchAsync), fhir.MapPost("/Claim" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    private static IQueryable<Claim>? Filter(IQueryable<Claim> claims, FhirQuery query, AktivDbContext db)
    {
        if (ById(claims, query) is not { } q)
        {
            return null;
        }

        if (query["provider"] is { } provider)
        {
            var ids = SearchValues.References(provider, "Organization");
            q = q.Where(c => ids.Contains(c.ProviderId));
        }

        if (query["provider:identifier"] is { } identifier)
        {
            var numbers = FhirReferences.Alternatives(identifier).Select(Token.Parse)
                .Where(t => t.IsIn(NationalIdSystems.OrganisationNumber)).Select(t => t.Code).ToList();
            q = q.Where(c => db.Providers.Any(p => p.Id == c.ProviderId && numbers.Contains(p.OrganisationNumber)));
        }

        if (query["status"] is { } status)
        {
            var codes = FhirReferences.Alternatives(status);
            var draft = codes.Contains("draft");
            var active = codes.Contains("active");
            if (!draft && !active)
            {
                return null;
            }

            if (draft != active)
            {
                q = draft ? q.Where(c => c.Status == ClaimStatus.Draft) : q.Where(c => c.Status != ClaimStatus.Draft);
            }
        }

        if (query["use"] is { } use && !FhirReferences.Alternatives(use).Contains("claim"))
        {
            return null;
        }

        if (query["created"] is { } created)
        {
            // Like every other parameter here, a value we cannot use matches nothing rather than being ignored.
            if (CreatedSearch.Parse(created) is not { } condition)
            {
                return null;
            }

            q = q.Where(condition);
        }

        return q;
    }

    /// <summary>The <c>_id</c> condition shared by Claim and ClaimResponse (their ids are the claim's); null when no id can match.</summary>
    public static IQueryable<Claim>? ById(IQueryable<Claim> claims, FhirQuery query)
    {
        if (query["_id"] is not { } idText)
        {
            return claims;
        }

        var ids = FhirReferences.Alternatives(idText).Select(v => Guid.TryParse(v, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        return ids.Count == 0 ? null : claims.Where(c => ids.Contains(c.Id));
    }

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, ClaimResources resources, AktivDbContext db, CancellationToken ct) =>
        resources.SearchAsync(me.Caller(), request, Capability, (visible, query) => Filter(visible, query, db), Mapping, ct);
}
