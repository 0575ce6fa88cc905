using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Prescriptions.Read;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>What a mapping may need besides the view: the trainer's PractitionerRole and the published adherence.</summary>
public sealed record PrescriptionFacts(Guid? TrainerRoleId, PublishedAdherence? Adherence);

/// <summary>Maps a loaded prescription view to a FHIR resource; null when the prescription has no such resource (yet).</summary>
public delegate Resource? PrescriptionMap(PrescriptionView view, PrescriptionFacts facts);

/// <summary>A resource type drawn from prescriptions; adherence is loaded only for the types that show it.</summary>
public sealed record PrescriptionResource(string Type, PrescriptionMap Map, bool ShowsAdherence = false);

/// <summary>Extra search conditions on the caller's visible prescriptions; null when nothing can match.</summary>
public delegate IQueryable<Prescription>? PrescriptionFilter(IQueryable<Prescription> visible, FhirQuery query);

/// <summary>
/// Read and search for the resources that are views of a prescription (ServiceRequest, Task, DiagnosticReport). All
/// stay inside PrescriptionScope, load a page with a fixed number of queries whatever its size (plus one attendance
/// query per prescription for the types that show adherence), and audit per data subject.
/// </summary>
public sealed class PrescriptionResources(
    PrescriptionScope scope,
    PrescriptionQueries queries,
    PrescriptionReader reader,
    TrainerRoleLookup roles,
    AdherenceLookup adherence,
    AuditLog audit,
    TimeProvider clock)
{
    public Task<FhirResult> ReadAsync(CurrentUser user, Guid id, PrescriptionResource kind, CancellationToken ct) =>
        ReadAsync(user, id, id.ToString(), kind, ct);

    /// <summary>Reads the resource <paramref name="resourceId"/> drawn from prescription <paramref name="prescriptionId"/>: audited as a read of the prescription.</summary>
    public async Task<FhirResult> ReadAsync(CurrentUser user, Guid prescriptionId, string resourceId, PrescriptionResource kind, CancellationToken ct)
    {
        var outcome = await queries.GetAsync(user, prescriptionId, ct);
        var resource = outcome.Succeeded ? await MapAsync(outcome.Value!, kind, ct) : null;
        return resource is null ? FhirResult.NotFound() : FhirResult.Ok(resource);
    }

    public async Task<Resource?> MapAsync(PrescriptionView view, PrescriptionResource kind, CancellationToken ct) =>
        (await MapAllAsync([view], kind, ct))[0];

    private async Task<IReadOnlyList<Resource?>> MapAllAsync(IReadOnlyList<PrescriptionView> views, PrescriptionResource kind, CancellationToken ct)
    {
        var roleIds = await roles.ForAsync(views, ct);
        var adherences = kind.ShowsAdherence ? await adherence.ForAsync(views, ct) : new Dictionary<Guid, PublishedAdherence>();
        return views.Select(v => kind.Map(v, new PrescriptionFacts(roleIds.TryGetValue(v.Id, out var role) ? role : null, adherences.GetValueOrDefault(v.Id))))
            .ToList();
    }

    public async Task<FhirResult> SearchAsync(
        CurrentUser user, HttpRequest request, FhirResourceCapability capability, PrescriptionFilter filter, PrescriptionResource kind, CancellationToken ct)
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
        // The filter only matches prescriptions that have the resource, so no page has a gap and the total holds.
        var resources = (await MapAllAsync(views, kind, ct)).OfType<Resource>();
        return FhirResult.Ok(SearchBundle.Create(request, capability.Type, query, resources, total, clock.GetUtcNow()));
    }
}
