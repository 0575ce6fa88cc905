using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Prescriptions.Access;
using AktivResept.Server.Features.Prescriptions.Read;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>Maps a loaded prescription view (and its trainer's PractitionerRole, if any) to a FHIR resource.</summary>
public delegate Resource PrescriptionMap(PrescriptionView view, Guid? trainerRoleId);

/// <summary>Extra search conditions on the caller's visible prescriptions; null when nothing can match.</summary>
public delegate IQueryable<Prescription>? PrescriptionFilter(IQueryable<Prescription> visible, FhirQuery query);

/// <summary>
/// Read and search for the resources that are views of a prescription (ServiceRequest, Task). Both stay inside
/// PrescriptionScope, load a page with a fixed number of queries whatever its size, and audit per data subject.
/// </summary>
public sealed class PrescriptionResources(
    PrescriptionScope scope,
    PrescriptionQueries queries,
    PrescriptionReader reader,
    TrainerRoleLookup roles,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task<FhirResult> ReadAsync(CurrentUser user, Guid id, string type, PrescriptionMap map, CancellationToken ct)
    {
        var outcome = await queries.GetAsync(user, id, ct);
        if (!outcome.Succeeded)
        {
            return FhirResult.NotFound(type, id.ToString());
        }

        return FhirResult.Ok(await MapAsync(outcome.Value!, map, ct));
    }

    public async Task<Resource> MapAsync(PrescriptionView view, PrescriptionMap map, CancellationToken ct)
    {
        var roleIds = await roles.ForAsync([view], ct);
        return map(view, roleIds.TryGetValue(view.Id, out var role) ? role : null);
    }

    public async Task<FhirResult> SearchAsync(
        CurrentUser user, HttpRequest request, FhirResourceCapability capability, PrescriptionFilter filter, PrescriptionMap map, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, capability);
        if (query is null)
        {
            return error!;
        }

        var matching = filter((await scope.VisibleToAsync(user, ct)).AsNoTracking(), query);
        IReadOnlyList<PrescriptionView> loaded = [];
        var total = 0;
        if (matching is not null)
        {
            if (query.Count > 0)
            {
                loaded = await reader.LoadViewsAsync(
                    matching.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(query.Offset).Take(query.Count), ct);
            }

            // A short first page is the whole result: no need to count.
            total = query.Offset == 0 && loaded.Count < query.Count ? loaded.Count : await matching.CountAsync(ct);
        }

        var views = loaded.Select(v => v.For(user)).ToList();
        var roleIds = await roles.ForAsync(views, ct);
        var auditResource = $"{capability.Type}?search";
        foreach (var person in views.Select(v => v.Participant.Id).Distinct())
        {
            audit.Add(user, auditResource, AuditAction.Search, AuditOutcome.Success, person);
        }

        if (views.Count == 0)
        {
            audit.Add(user, auditResource, AuditAction.Search, AuditOutcome.Success);
        }

        await audit.SaveAsync(ct);
        var resources = views.Select(v => map(v, roleIds.TryGetValue(v.Id, out var role) ? role : null));
        return FhirResult.Ok(SearchBundle.Create(request, capability.Type, query, resources, total, clock.GetUtcNow()));
    }
}
