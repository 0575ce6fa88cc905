using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Payers;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Claim = AktivResept.Server.Features.Claims.Claim;

namespace AktivResept.Server.Fhir.Claims;

/// <summary>A claim with what its FHIR views show: the provider, the payer, the lines in order and the participants' names.</summary>
public sealed record LoadedClaim(
    Claim Claim,
    string ProviderName,
    string ProviderOrganisationNumber,
    Payer Payer,
    IReadOnlyList<ClaimLine> Lines,
    IReadOnlyDictionary<Guid, string> ParticipantNames)
{
    /// <summary>The participants in the order they first appear on the lines.</summary>
    public IReadOnlyList<Guid> Participants => [.. Lines.Select(l => l.ParticipantId).OfType<Guid>().Distinct()];
}

/// <summary>Maps a loaded claim to a FHIR resource; null when the claim has no such resource (yet).</summary>
public delegate Resource? ClaimMap(LoadedClaim claim);

/// <summary>Extra search conditions on the caller's visible claims; null when nothing can match.</summary>
public delegate IQueryable<Claim>? ClaimFilter(IQueryable<Claim> visible, FhirQuery query);

/// <summary>A resource type drawn from claims (Claim, ClaimResponse); <paramref name="Exists"/> says which claims have one.</summary>
public sealed record ClaimResource(string Type, ClaimMap Map, Func<IQueryable<Claim>, IQueryable<Claim>> Exists);

/// <summary>
/// Read and search for the FHIR views of a claim. Visibility is <see cref="ClaimAccess"/>, the REST API's, so unknown
/// and not-yours are the same 404. A page loads with a fixed number of queries whatever its size, and every read or
/// search is audited per participant shown (the lines are personal data), as <c>Claim/{id}</c> like the REST read.
/// </summary>
public sealed class ClaimResources(AktivDbContext db, ClaimAccess access, AuditLog audit, TimeProvider clock)
{
    public async Task<FhirResult> ReadAsync(CurrentUser user, Guid id, ClaimResource kind, CancellationToken ct)
    {
        var auditResource = $"Claim/{id}";
        var visible = (await access.VisibleToAsync(user, ct)).AsNoTracking();
        if (!await visible.AnyAsync(c => c.Id == id, ct))
        {
            await audit.DeniedAsync(user, auditResource, AuditAction.Read, ct);
            return FhirResult.NotFound();
        }

        var loaded = await kind.Exists(visible.Where(c => c.Id == id)).AnyAsync(ct) ? (await LoadAsync([id], ct)).Single() : null;
        var resource = loaded is null ? null : kind.Map(loaded);
        AuditShown(user, auditResource, AuditAction.Read, resource is null ? [] : loaded!.Participants);
        await audit.SaveAsync(ct);
        return resource is null ? FhirResult.NotFound() : FhirResult.Ok(resource);
    }

    public async Task<FhirResult> SearchAsync(
        CurrentUser user, HttpRequest request, FhirResourceCapability capability, ClaimFilter filter, ClaimResource kind, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, capability);
        if (query is null)
        {
            return error!;
        }

        var matching = filter(kind.Exists((await access.VisibleToAsync(user, ct)).AsNoTracking()), query);
        IReadOnlyList<LoadedClaim> loaded = [];
        var total = 0;
        if (matching is not null)
        {
            var ids = query.Count == 0 ? [] : await matching.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                .Skip(query.Offset).Take(query.Count).Select(c => c.Id).ToListAsync(ct);
            loaded = await LoadAsync(ids, ct);
            // A short first page is the whole result: no need to count.
            total = query.Offset == 0 && ids.Count < query.Count ? ids.Count : await matching.CountAsync(ct);
        }

        AuditShown(user, $"{capability.Type}?search", AuditAction.Search, [.. loaded.SelectMany(c => c.Participants).Distinct()]);
        await audit.SaveAsync(ct);
        var resources = loaded.Select(c => kind.Map(c)).OfType<Resource>();
        return FhirResult.Ok(SearchBundle.Create(request, capability.Type, query, resources, total, clock.GetUtcNow()));
    }

    private void AuditShown(CurrentUser user, string resource, string action, IReadOnlyList<Guid> participants)
    {
        foreach (var person in participants)
        {
            audit.Add(user, resource, action, AuditOutcome.Success, person);
        }

        if (participants.Count == 0)
        {
            audit.Add(user, resource, action, AuditOutcome.Success);
        }
    }

    /// <summary>Three queries for any number of claims (heads, lines, names); the result keeps the order of <paramref name="ids"/>.</summary>
    private async Task<IReadOnlyList<LoadedClaim>> LoadAsync(List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var heads = await (
                from c in db.Claims.AsNoTracking()
                where ids.Contains(c.Id)
                join p in db.Providers on c.ProviderId equals p.Id
                join y in db.Payers on c.PayerId equals y.Id
                select new { Claim = c, ProviderName = p.Name, ProviderOrg = p.OrganisationNumber, Payer = y })
            .ToListAsync(ct);
        var lines = await db.ClaimLines.AsNoTracking().Where(l => ids.Contains(l.ClaimId))
            .OrderBy(l => l.ServiceDate).ThenBy(l => l.OccurredAt).ThenBy(l => l.Id).ToListAsync(ct);
        var participantIds = lines.Select(l => l.ParticipantId).OfType<Guid>().Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => participantIds.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.GivenName + " " + p.FamilyName }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var linesByClaim = lines.ToLookup(l => l.ClaimId);
        var order = ids.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
        return [.. heads.OrderBy(h => order[h.Claim.Id]).Select(h => new LoadedClaim(
            h.Claim, h.ProviderName, h.ProviderOrg, h.Payer, [.. linesByClaim[h.Claim.Id]], names))];
    }
}
