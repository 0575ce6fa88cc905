using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Fhir.Outcomes;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Observations;

/// <summary>
/// <c>GET /fhir/Observation?based-on=|subject=|patient=</c>: the weekly adherence of the matching prescriptions the
/// caller may see (newest prescription first, its weeks in order), paged over the Observations. A search must name a
/// prescription or a person: the Observations are computed, so an open-ended search would compute every one visible.
/// </summary>
public sealed class ObservationSearch(PrescriptionScope scope, PrescriptionReader reader, AdherenceLookup adherence, OutcomeResources outcomes, AuditLog audit, TimeProvider clock)
{
    /// <summary>Never accepted by a provider, so never followed: not worth loading.</summary>
    private static readonly PrescriptionStatus[] Unfollowed = [PrescriptionStatus.Draft, PrescriptionStatus.Issued, PrescriptionStatus.Rejected];

    public async Task<FhirResult> SearchAsync(CurrentUser user, HttpRequest request, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, ObservationEndpoints.Capability);
        if (query is null)
        {
            return error!;
        }

        // Outcome measures are stored, so a search by code, category or date alone is a query; adherence is computed
        // per prescription and needs one named.
        var narrowed = ResultFilter.Narrowed(query);
        if (!narrowed && query["code"] is null && query["category"] is null && query["date"] is null)
        {
            return FhirResult.Error(StatusCodes.Status400BadRequest, FhirErrorCodes.SearchFilterRequired.With(
                ("type", "Observations"), ("filters", "based-on=ServiceRequest/<id>, subject=Patient/<id> or patient=Patient/<id>")));
        }

        if (query["date"] is { } date && OutcomeResources.DateFilter(date) is null && FhirQuery.IsStrict(request))
        {
            return FhirResult.Error(StatusCodes.Status400BadRequest, FhirErrorCodes.SearchDate, "date");
        }

        List<(Guid Subject, Observation Observation)> all = [];
        var matching = narrowed ? ResultFilter.Apply((await scope.VisibleToAsync(user, ct)).AsNoTracking(), query) : null;
        if (matching is not null)
        {
            var views = (await reader.LoadViewsAsync(
                    matching.Where(p => !Unfollowed.Contains(p.Status)).OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id), ct))
                .Select(v => v.For(user))
                .ToList();
            var adherences = await adherence.ForAsync(views, ct);
            all = [.. views.Where(v => adherences.ContainsKey(v.Id))
                .SelectMany(v => AdherenceObservations.For(v, adherences[v.Id]).Select(o => (v.Participant.Id, o)))];
        }

        // Adherence and outcome Observations share the endpoint, told apart by category and code (docs/fhir.md).
        all = [.. all.Where(o => AdherenceMatches(o.Observation, query))];
        if (OutcomeResources.WantsOutcomes(query))
        {
            all.AddRange(await outcomes.SearchObservationsAsync(user, query, ct));
        }

        var page = all.Skip(query.Offset).Take(query.Count).ToList();
        foreach (var person in page.Select(p => p.Subject).Distinct())
        {
            audit.Add(user, "Observation?search", AuditAction.Search, AuditOutcome.Success, person);
        }

        if (page.Count == 0)
        {
            audit.Add(user, "Observation?search", AuditAction.Search, AuditOutcome.Success);
        }

        await audit.SaveAsync(ct);
        return FhirResult.Ok(SearchBundle.Create(request, ObservationEndpoints.Capability.Type, query, page.Select(p => p.Observation), all.Count, clock.GetUtcNow()));
    }

    /// <summary>An adherence Observation answers a search with a code, category or date only where they name it.</summary>
    private static bool AdherenceMatches(Observation o, FhirQuery query)
    {
        if (query["category"] is { } category &&
            !category.Split(',').Select(c => c.Trim()[(c.Trim().IndexOf('|', StringComparison.Ordinal) + 1)..]).Any(c => c is "adherence" or "activity"))
        {
            return false;
        }

        if (query["code"] is { } code && !code.Split(',').Select(c => c.Trim()).Any(c => o.Code.Coding.Any(x => c == x.Code || c == $"{x.System}|{x.Code}")))
        {
            return false;
        }

        return query["date"] is not { } date || (OutcomeResources.DateFilter(date) is { } filter && o.Effective is Period p &&
                                                   DateTimeOffset.TryParse(p.Start, System.Globalization.CultureInfo.InvariantCulture, out var start) && filter(start));
    }
}
