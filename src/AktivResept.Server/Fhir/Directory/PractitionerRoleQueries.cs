using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Fhir.Prescriptions;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Directory;

/// <summary>
/// Trainer roles, readable by every signed-in role like an HPR lookup. Trainers' names are employees' personal data,
/// so every read and search is audited.
/// </summary>
public sealed class PractitionerRoleQueries(AktivDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<FhirResult> ReadAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var role = await db.TrainerRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null)
        {
            return FhirResult.NotFound();
        }

        var resources = await ToFhirAsync([role], ct);
        audit.Add(user, $"PractitionerRole/{id}", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return FhirResult.Ok(resources[0]);
    }

    public async Task<FhirResult> SearchAsync(CurrentUser user, HttpRequest request, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, PractitionerRoleEndpoints.Capability);
        if (query is null)
        {
            return error!;
        }

        var q = db.TrainerRoles.AsNoTracking();
        if (query["organization"] is { } organization)
        {
            var providers = SearchValues.References(organization, "Organization");
            q = q.Where(r => db.Providers.Any(p => providers.Contains(p.Id) && p.OrganisationNumber == r.OrganisationNumber));
        }

        if (query["specialty"] is { } specialty)
        {
            var today = Oslo.Today(clock.GetUtcNow());
            var kinds = FhirReferences.Alternatives(specialty).Select(Token.Parse)
                .Where(t => t.IsIn(FhirSystems.CertificationKindSystem))
                .Select(t => Codes.Parse<CertificationKind>(t.Code)).OfType<CertificationKind>().ToList();
            q = q.Where(r => db.TrainerCertifications.Any(c => c.TrainerId == r.TrainerId && kinds.Contains(c.Kind) && c.ValidFrom <= today && c.ValidTo >= today));
        }

        if (query["municipality"] is { } municipality)
        {
            var kommuner = DirectorySearch.Municipalities(municipality);
            q = q.Where(r => db.Providers.Any(p => p.OrganisationNumber == r.OrganisationNumber && p.Locations.Any(l => kommuner.Contains(l.Kommunenummer))));
        }

        var (page, total) = await DirectorySearch.PageAsync(q.OrderBy(r => r.OrganisationName).ThenBy(r => r.Id), query, ct);
        var resources = await ToFhirAsync(page, ct);
        audit.Add(user, "PractitionerRole?search", AuditAction.Search, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return FhirResult.Ok(SearchBundle.Create(request, PractitionerRoleEndpoints.Capability.Type, query, resources, total, clock.GetUtcNow()));
    }

    private async Task<List<Hl7.Fhir.Model.PractitionerRole>> ToFhirAsync(IReadOnlyList<TrainerRole> roles, CancellationToken ct)
    {
        var trainerIds = roles.Select(r => r.TrainerId).Distinct().ToList();
        var orgs = roles.Select(r => r.OrganisationNumber).Distinct().ToList();
        var trainers = await db.Trainers.AsNoTracking().Include(t => t.Certifications)
            .Where(t => trainerIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var providers = await db.Providers.AsNoTracking().Where(p => orgs.Contains(p.OrganisationNumber))
            .ToDictionaryAsync(p => p.OrganisationNumber, p => p.Id, ct);
        var today = Oslo.Today(clock.GetUtcNow());
        return roles.Select(r => PractitionerRoleMapping.ToFhir(
            r, trainers[r.TrainerId], providers.TryGetValue(r.OrganisationNumber, out var provider) ? provider : null, today)).ToList();
    }
}
