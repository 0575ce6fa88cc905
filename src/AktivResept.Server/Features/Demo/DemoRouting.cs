using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;
using static AktivResept.Server.Features.Demo.DemoIdentities;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// The coordinator's queue in the full demo: Oslo residents with municipally funded frisklivsresepter from the
/// frisklivssentral that no gym has accepted (two never sent, one sent to a gym that has not answered), so Oslo's
/// coordinator has referrals to route. Does nothing when they exist; a refused step stops the seed.
/// </summary>
public sealed class DemoRouting(AktivDbContext db, AtRestCipher cipher, NationalIdLookupHash lookupHash, TimeProvider clock)
{
    private static readonly (DateOnly Birth, int Individual, string Given, string Family, int DaysAgo, bool Sent)[] Waiting =
    [
        (new DateOnly(1968, 3, 14), 41, "Marit", "Solberg", 6, false),
        (new DateOnly(1975, 9, 2), 44, "Kjell", "Aas", 3, false),
        (new DateOnly(1983, 5, 21), 45, "Nora", "Lunde", 9, true),
    ];

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        var ids = Waiting.Select(w => Fodselsnummer.Create(w.Birth, w.Individual, synthetic: true) ?? throw new InvalidOperationException($"No synthetic id for {w.Given}.")).ToList();
        var hashes = ids.Select(lookupHash.Of).ToList();
        if (await db.People.AnyAsync(p => hashes.Contains(p.NationalIdHash), ct))
        {
            return false;
        }

        var frisklivs = await db.Referrers.SingleOrDefaultAsync(r => r.Hpr == HealthyLifeCentreHpr && r.OrganisationNumber == OsloKommuneOrg, ct)
            ?? throw new InvalidOperationException("The routing demo needs the base demo's frisklivssentral referrer.");
        var sterk = await db.Providers.Include(p => p.Locations).SingleOrDefaultAsync(p => p.OrganisationNumber == SterkHverdagOrg, ct)
            ?? throw new InvalidOperationException("The routing demo needs the base demo's Sterk Hverdag.");
        var now = clock.GetUtcNow();
        var actor = new Actor($"seed-{HealthyLifeCentreHpr}", Common.Auth.Roles.Referrer);
        for (var i = 0; i < Waiting.Length; i++)
        {
            var w = Waiting[i];
            var person = new Person
            {
                NationalIdCipher = cipher.Encrypt(ids[i]),
                NationalIdHash = hashes[i],
                GivenName = w.Given,
                FamilyName = w.Family,
                BirthDate = ids[i].BirthDate,
                Kommunenummer = "0301",
            };
            db.People.Add(person);
            var issuedAt = now.AddDays(-w.DaysAgo);
            var details = new PrescriptionDetails(
                "A97", "Fysisk inaktivitet", "Komme i gang med jevnlig trening sammen med andre",
                [ActivityType.GroupClass, ActivityType.Endurance], 2, 60, Oslo.Today(now).AddDays(10), 12,
                "Ingen", null, 4, FundingSource.Municipality);
            var prescription = new Prescription(person.Id, frisklivs.Id, details, actor, issuedAt);
            Must(prescription.Issue(actor, issuedAt, null), w.Given);
            if (w.Sent)
            {
                Must(prescription.SendTo(sterk.Id, sterk.Locations[0].Id, issuedAt.AddHours(2)), w.Given);
            }

            db.Prescriptions.Add(prescription);
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    private static void Must(TransitionOutcome outcome, string who)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"The routing demo's step for {who} was refused: {outcome.Error?.Code}");
        }
    }
}
