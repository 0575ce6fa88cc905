using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Observations;

/// <summary>
/// <c>GET /fhir/Observation?based-on=|subject=|patient=</c>: the weekly adherence of the matching prescriptions the
/// caller may see (newest prescription first, its weeks in order), paged over the Observations. A search must name a
/// prescription or a person: the Observations are computed, so an open-ended search would compute every one visible.
/// </summary>
public sealed class ObservationSearch(PrescriptionScope scope, PrescriptionReader reader, AdherenceLookup adherence, AuditLog audit, TimeProvider clock)
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

        if (!ResultFilter.Narrowed(query))
        {
            return FhirResult.Error(StatusCodes.Status400BadRequest, FhirErrorCodes.SearchFilterRequired.With(
                ("type", "Observations"), ("filters", "based-on=ServiceRequest/<id>, subject=Patient/<id> or patient=Patient/<id>")));
        }

        List<(Guid Subject, Observation Observation)> all = [];
        var matching = ResultFilter.Apply((await scope.VisibleToAsync(user, ct)).AsNoTracking(), query);
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
}
