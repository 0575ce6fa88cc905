using AktivResept.Server.Data;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>
/// A trainer serves a prescription through their role at its provider: that TrainerRole is the PractitionerRole the
/// ServiceRequest's performer and the Task's output point at. One query for a whole page.
/// </summary>
public sealed class TrainerRoleLookup(AktivDbContext db)
{
    /// <returns>Prescription id to PractitionerRole (TrainerRole) id, for prescriptions with an assigned trainer.</returns>
    public async Task<IReadOnlyDictionary<Guid, Guid>> ForAsync(IEnumerable<PrescriptionView> views, CancellationToken ct)
    {
        var assigned = views
            .Where(v => v.Trainer is not null && v.Provider is not null)
            .Select(v => (v.Id, Trainer: v.Trainer!.Id, Provider: v.Provider!.Id))
            .ToList();
        if (assigned.Count == 0)
        {
            return new Dictionary<Guid, Guid>();
        }

        var trainerIds = assigned.Select(a => a.Trainer).Distinct().ToList();
        var providerIds = assigned.Select(a => a.Provider).Distinct().ToList();
        var roles = await (
                from role in db.TrainerRoles
                join provider in db.Providers on role.OrganisationNumber equals provider.OrganisationNumber
                where trainerIds.Contains(role.TrainerId) && providerIds.Contains(provider.Id)
                select new { role.Id, role.TrainerId, ProviderId = provider.Id })
            .ToListAsync(ct);

        var result = new Dictionary<Guid, Guid>();
        foreach (var (prescription, trainer, provider) in assigned)
        {
            if (roles.FirstOrDefault(r => r.TrainerId == trainer && r.ProviderId == provider) is { } role)
            {
                result[prescription] = role.Id;
            }
        }

        return result;
    }
}
