using System.Linq.Expressions;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Fhir.Patients;
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
/// Read, search, vread and history for the resources that are views of a prescription (ServiceRequest, Task,
/// DiagnosticReport). All stay inside PrescriptionScope, load a page with a fixed number of queries whatever its size
/// (plus one attendance query per prescription for the types that show adherence), and audit per data subject. Every
/// resource carries the prescription's version (<see cref="PrescriptionVersionLookup"/>) as meta.versionId.
/// </summary>
public sealed class PrescriptionResources(
    PrescriptionScope scope,
    PrescriptionQueries queries,
    PrescriptionReader reader,
    TrainerRoleLookup roles,
    AdherenceLookup adherence,
    PrescriptionVersionLookup versions,
    PatientQueries patients,
    AktivDbContext db,
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
        var current = views.All(v => v.Saved is not null)
            ? views.ToDictionary(v => v.Id, v => ResourceVersion.Of(v.Saved!))
            : await versions.CurrentAsync([.. views.Select(v => v.Id)], ct);
        return views.Select(v => Stamp(
                kind.Map(v, new PrescriptionFacts(roleIds.TryGetValue(v.Id, out var role) ? role : null, adherences.GetValueOrDefault(v.Id))),
                current.GetValueOrDefault(v.Id)))
            .ToList();
    }

    /// <summary>meta.versionId and meta.lastUpdated from the stored version (lastUpdated as mapped when older than the version table).</summary>
    private static Resource? Stamp(Resource? resource, ResourceVersion? version)
    {
        if (resource is not null && version is not null)
        {
            resource.Meta ??= new Meta();
            resource.Meta.VersionId = version.Id;
            resource.Meta.LastUpdated = version.At ?? resource.Meta.LastUpdated;
        }

        return resource;
    }

    /// <summary>
    /// <c>GET [type]/{id}/_history/{vid}</c>: the resource as it was at that version, within today's scope (a prescription
    /// you cannot see now has no versions for you). Adherence outputs are shown on the current version only.
    /// </summary>
    public async Task<FhirResult> VersionAsync(CurrentUser user, Guid id, string versionId, PrescriptionResource kind, CancellationToken ct)
    {
        var outcome = await queries.GetAsync(user, id, ct);
        if (!outcome.Succeeded || await MapAsync(outcome.Value!, kind, ct) is not { } current)
        {
            return FhirResult.NotFound();
        }

        if (current.Meta?.VersionId == versionId)
        {
            return FhirResult.Ok(current);
        }

        var stored = (await versions.StoredAsync(id, ct)).FirstOrDefault(v => ResourceVersion.Of(v).Id == versionId);
        return stored is not null && await PastAsync(user, outcome.Value!, stored, kind, ct) is { } past
            ? FhirResult.Ok(past)
            : FhirResult.NotFound();
    }

    /// <summary><c>GET [type]/{id}/_history</c>: every version, newest first, as a history Bundle.</summary>
    public async Task<FhirResult> HistoryAsync(CurrentUser user, HttpRequest request, Guid id, PrescriptionResource kind, CancellationToken ct)
    {
        var outcome = await queries.GetAsync(user, id, ct);
        if (!outcome.Succeeded || await MapAsync(outcome.Value!, kind, ct) is not { } current)
        {
            return FhirResult.NotFound();
        }

        var resources = new List<Resource> { current };
        foreach (var stored in await versions.StoredAsync(id, ct))
        {
            if (ResourceVersion.Of(stored).Id != current.Meta?.VersionId && await PastAsync(user, outcome.Value!, stored, kind, ct) is { } past)
            {
                resources.Add(past);
            }
        }

        return FhirResult.Ok(HistoryBundle.Create(request, kind.Type, resources, clock.GetUtcNow()));
    }

    /// <summary>A stored version drawn as the resource: its state with the status history up to it.</summary>
    private async Task<Resource?> PastAsync(CurrentUser user, PrescriptionView now, Features.Prescriptions.PrescriptionVersion stored, PrescriptionResource kind, CancellationToken ct)
    {
        var view = (await reader.ViewAsync(stored.Restore(), ct)).For(user) with
        {
            History = [.. now.History.Where(h => h.At <= stored.RecordedAt)],
        };
        var roleIds = await roles.ForAsync([view], ct);
        var resource = kind.Map(view, new PrescriptionFacts(roleIds.TryGetValue(view.Id, out var role) ? role : null, null));
        return Stamp(resource, ResourceVersion.Of(stored));
    }

    /// <param name="subjectsOnly">
    /// The patients, when the query's only condition is on them (null otherwise): with the default order and a caller
    /// whose scope is what they issued, the page is then read by the compiled <see cref="SubjectPage"/>.
    /// </param>
    public async Task<FhirResult> SearchAsync(
        CurrentUser user, HttpRequest request, FhirResourceCapability capability, PrescriptionFilter filter, PrescriptionResource kind, CancellationToken ct,
        Func<FhirQuery, IReadOnlyList<Guid>?>? subjectsOnly = null)
    {
        var (query, error) = FhirQuery.Parse(request, capability);
        if (query is null)
        {
            return error!;
        }

        IReadOnlyList<PrescriptionView> loaded = [];
        var total = 0;
        var people = query.Count > 0 && query.Sort.Count == 0 ? subjectsOnly?.Invoke(query) : null;
        if (people is not null && await scope.IssuerOnlyAsync(user, ct) is { } issuer)
        {
            loaded = await reader.ViewsAsync(await SubjectPage.LoadAsync(db, issuer, people, query.Offset, query.Count, ct), ct);
            total = await TotalAsync(null);
        }
        else if (filter((await scope.VisibleToAsync(user, ct)).AsNoTracking(), query) is { } matching)
        {
            if (query.Count > 0)
            {
                loaded = await reader.LoadViewsAsync(Order(matching, query.Sort).Skip(query.Offset).Take(query.Count), ct);
            }

            total = await TotalAsync(matching);
        }

        async Task<int> TotalAsync(IQueryable<Prescription>? matching)
        {
            // A short first page is the whole result: no need to count.
            if (query.Offset == 0 && loaded.Count < query.Count)
            {
                return loaded.Count;
            }

            matching ??= filter((await scope.VisibleToAsync(user, ct)).AsNoTracking(), query);
            return matching is null ? 0 : await matching.CountAsync(ct);
        }

        var views = loaded.Select(v => v.For(user)).ToList();
        // The audit commit (batched with other reads') runs while the page is mapped; the answer waits for it.
        var audited = await audit.StartReadAsync(user, $"{capability.Type}?search", AuditAction.Search, [.. views.Select(v => v.Participant.Id).Distinct()], ct);

        // The filter only matches prescriptions that have the resource, so no page has a gap and the total holds.
        var resources = (await MapAllAsync(views, kind, ct)).OfType<Resource>().ToList();
        var included = new List<Resource>();
        if (query.Includes("_include", $"{capability.Type}:subject"))
        {
            // Through the Patient read, so each is checked and audited like any other read of the person.
            included.AddRange(await patients.VisibleAsync(user, [.. views.Select(v => v.Participant.Id).Distinct()], ct));
        }

        if (query.Includes("_revinclude", "Task:focus"))
        {
            // Every prescription has its fulfilment Task, with the same id.
            included.AddRange((await MapAllAsync(views, Tasks.TaskEndpoints.Mapping, ct)).OfType<Resource>());
        }

        await audited;
        return FhirResult.Ok(SearchBundle.Create(request, capability.Type, query, resources, total, clock.GetUtcNow(), included));
    }

    /// <summary>
    /// <c>_sort</c> by authored (authored-on) or _lastUpdated, '-' for descending; newest created first otherwise. The
    /// id breaks ties, so pages by offset are stable.
    /// </summary>
    private IOrderedQueryable<Prescription> Order(IQueryable<Prescription> matching, IReadOnlyList<FhirSort> sort)
    {
        if (sort.Count == 0)
        {
            return SubjectPage.NewestFirst(matching);
        }

        IOrderedQueryable<Prescription>? ordered = null;
        foreach (var key in sort)
        {
            Expression<Func<Prescription, DateTimeOffset>> by = key.Name == "_lastUpdated"
                ? p => db.PrescriptionVersions.Where(v => v.PrescriptionId == p.Id && v.Version == p.Version)
                    .OrderByDescending(v => v.Id).Select(v => (DateTimeOffset?)v.RecordedAt).FirstOrDefault() ?? p.CreatedAt
                : p => p.IssuedAt ?? p.CreatedAt;
            ordered = ordered is null
                ? key.Descending ? matching.OrderByDescending(by) : matching.OrderBy(by)
                : key.Descending ? ordered.ThenByDescending(by) : ordered.ThenBy(by);
        }

        return sort[^1].Descending ? ordered!.ThenByDescending(p => p.Id) : ordered!.ThenBy(p => p.Id);
    }
}
