using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Pilots;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Consents;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Pilots;
using Microsoft.EntityFrameworkCore;
using static AktivResept.Server.Features.Demo.DemoIdentities;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// The demo pilot (issue 12): «Helsefunn» led by Oslo across Oslo, Bergen and Trondheim on their active concession
/// contracts, a cohort target of 1,000, an enrolment window that opened four months ago, a stepped-wedge allocation
/// from a fixed seed and enrolments with consent spread over the months so far. Runs after <see cref="DemoHistory"/>
/// (its Oslo and Bergen residents are enrolled); adds Trondheim kommune and its contract with Nidaros Trening. Every
/// rule the API checks is checked here too and a refused step throws, so a broken demo fails loudly.
/// </summary>
public sealed class DemoPilot(AktivDbContext db, AtRestCipher cipher, NationalIdLookupHash lookupHash, TimeProvider clock)
{
    /// <summary>Trondheim kommune as a payer (a synthetic organisation number).</summary>
    public const string TrondheimKommuneOrg = "991001603";

    public const string Name = "Helsefunn – prøveordning i tre kommuner";

    public const long Seed = 20_261_001;

    private static readonly (string Kommune, int Target, int Enrolled)[] Plan = [("0301", 500, 46), ("4601", 300, 27), ("5001", 200, 14)];

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.Pilots.AnyAsync(p => p.Name == Name, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var today = OsloCalendar.DateOf(now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var trondheim = await TrondheimAsync(today, now, ct);
        var payers = await db.Payers.Where(p => p.Kind == PayerKind.Municipality && (p.OrganisationNumber == OsloKommuneOrg || p.OrganisationNumber == BergenKommuneOrg))
            .ToListAsync(ct);
        payers.Add(trondheim);
        var byKommune = payers.ToDictionary(p => p.Kommunenummer!, StringComparer.Ordinal);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-4);
        var pilot = new Pilot
        {
            Name = Name,
            OwnerPayerId = Require(byKommune, "0301").Id,
            CohortTarget = 1000,
            EnrolmentFrom = from,
            EnrolmentTo = from.AddMonths(12).AddDays(-1),
            FollowUpMonths = [0, 3, 6, 12, 24, 36],
            ConsentTextVersion = "1.0",
            CreatedAt = now,
            CreatedBy = "seed",
            Viewers =
            [
                new PilotViewer { Role = Common.Auth.Roles.Payer, OrganisationNumber = StatePayerOrg },
                new PilotViewer { Role = Common.Auth.Roles.Researcher, OrganisationNumber = ResearchInstituteOrg },
            ],
        };
        foreach (var (kommune, target, _) in Plan)
        {
            var payer = Require(byKommune, kommune);
            var contracts = await db.Contracts.Where(c => c.PayerId == payer.Id && c.Status == ContractStatus.Active && c.ValidFrom <= today && (c.ValidTo == null || c.ValidTo >= today))
                .Select(c => c.Id).ToListAsync(ct);
            if (contracts.Count == 0)
            {
                throw new InvalidOperationException($"Demo pilot refused: {payer.Name} has no active contract.");
            }

            pilot.Municipalities.Add(new PilotMunicipality { PayerId = payer.Id, Kommunenummer = kommune, Target = target, ContractIds = contracts });
        }

        db.Pilots.Add(pilot);
        var allocation = new PilotAllocation { PilotId = pilot.Id, Design = AllocationDesign.SteppedWedge, Seed = Seed, FirstStart = from.AddMonths(2), StepMonths = 3, CreatedAt = now, CreatedBy = "seed" };
        allocation.Municipalities = [.. Allocations.SteppedWedge(Seed, pilot.Municipalities.Select(m => m.Kommunenummer), allocation.FirstStart.Value, 3)
            .Select(a => new PilotMunicipalityAllocation { PayerId = byKommune[a.Kommunenummer].Id, Kommunenummer = a.Kommunenummer, Step = a.Step, Start = a.Start })];
        db.PilotAllocations.Add(allocation);
        await EnrolAsync(pilot, byKommune, from, today, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Residents of each municipality enrolled on days spread evenly from the window's start to today, each with consent.</summary>
    private async Task EnrolAsync(Pilot pilot, Dictionary<string, Payer> byKommune, DateOnly from, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var enrolments = new List<(PilotEnrolment Enrolment, ConsentRecord Consent)>();
        var span = today.DayNumber - from.DayNumber;
        foreach (var (kommune, _, count) in Plan)
        {
            var people = await db.People.Where(p => p.Kommunenummer == kommune).OrderBy(p => p.Id).Take(count).Select(p => p.Id).ToListAsync(ct);
            if (people.Count < count)
            {
                throw new InvalidOperationException($"Demo pilot refused: only {people.Count} residents of {kommune} to enrol, {count} planned.");
            }

            for (var i = 0; i < count; i++)
            {
                // Enrolment speeds up as the pilot gets going: later days are denser.
                var day = from.AddDays((int)(span * Math.Sqrt((i + 1.0) / count)));
                if (!pilot.WindowCovers(day) || day > today)
                {
                    throw new InvalidOperationException($"Demo pilot refused: enrolment on {day} is outside the window.");
                }

                var at = OsloCalendar.StartOf(day).AddHours(10 + (i % 6));
                var consent = new ConsentRecord { PersonId = people[i], Purpose = ConsentRecord.PilotPurpose(pilot.Id), TextVersion = pilot.ConsentTextVersion, GivenAt = at, RecordedAt = at, RecordedBy = "seed", RecordedByKind = ConsentRecordedByKind.SignedForm };
                var enrolment = new PilotEnrolment { PilotId = pilot.Id, PersonId = people[i], PayerId = byKommune[kommune].Id, EnrolledOn = day, EnrolledAt = at < now ? at : now, EnrolledBy = "seed", ConsentId = consent.Id };
                enrolments.Add((enrolment, consent));
            }
        }

        var sequence = 0;
        foreach (var (enrolment, consent) in enrolments.OrderBy(e => e.Enrolment.EnrolledAt))
        {
            enrolment.Sequence = ++sequence;
            db.ConsentRecords.Add(consent);
            db.PilotEnrolments.Add(enrolment);
        }

        // One participant changed their mind: consent withdrawn, the enrolment still counted.
        var withdrawn = enrolments.OrderBy(e => e.Enrolment.Sequence).Skip(5).First();
        withdrawn.Enrolment.WithdrawnAt = withdrawn.Consent.WithdrawnAt = withdrawn.Enrolment.EnrolledAt.AddDays(20) < now ? withdrawn.Enrolment.EnrolledAt.AddDays(20) : now;
        withdrawn.Consent.WithdrawnBy = "seed";
    }

    /// <summary>Trondheim kommune, its concession with Nidaros Trening (30 % co-financing) and residents to enrol.</summary>
    private async Task<Payer> TrondheimAsync(DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var trondheim = await db.Payers.FirstOrDefaultAsync(p => p.OrganisationNumber == TrondheimKommuneOrg, ct);
        if (trondheim is null)
        {
            trondheim = new Payer { Kind = PayerKind.Municipality, Name = "Trondheim kommune", OrganisationNumber = TrondheimKommuneOrg, Kommunenummer = "5001", AccountIban = "NO8415030000118", Bic = "DNBANOKK" };
            db.Payers.Add(trondheim);
        }

        var nidaros = await db.Providers.Include(p => p.Locations).SingleOrDefaultAsync(p => p.OrganisationNumber == NidarosTreningOrg, ct)
            ?? throw new InvalidOperationException("Demo pilot needs the base demo's Nidaros Trening.");
        if (!await db.Contracts.AnyAsync(c => c.PayerId == trondheim.Id && c.ProviderId == nidaros.Id, ct))
        {
            var from = today.AddYears(-1);
            db.Contracts.Add(new Contract
            {
                PayerId = trondheim.Id,
                ProviderId = nidaros.Id,
                Name = "Tjenestekonsesjon Nidaros Trening",
                Status = ContractStatus.Active,
                StatusChangedAt = now,
                StatusChangedBy = "seed",
                ValidFrom = from,
                CreatedAt = now,
                CreatedBy = "seed",
                StatusHistory = [new() { To = ContractStatus.Draft, At = now, By = "seed" }, new() { From = ContractStatus.Draft, To = ContractStatus.Active, At = now, By = "seed" }],
                Versions =
                [
                    new ContractVersion
                    {
                        Number = 1, Status = ContractVersionStatus.Active, ValidFrom = from, CoFinancingShare = 0.30m, CreatedAt = now, CreatedBy = "seed", ActivatedAt = now, ActivatedBy = "seed",
                        Capacity = [new() { LocationId = nidaros.Locations[0].Id, ActivityType = ActivityType.GroupClass, PlacesPerWeek = 20 }],
                        Content = new ContentRequirement { ActivityTypes = [ActivityType.GroupClass] },
                    },
                ],
            });
        }

        string[] given = ["Astrid", "Bendik", "Cecilie", "Eirik", "Frida", "Gunnar", "Hanne", "Ivar", "Julie", "Knut", "Linn", "Magnus", "Nora", "Ola", "Pia", "Rune"];
        for (var i = 0; i < given.Length; i++)
        {
            // Synthetic ids born 1950–1965; an id another demo person already has is passed over for the next.
            var birth = new DateOnly(1950 + i, 1 + (i % 12), 1 + i);
            foreach (var candidate in Enumerable.Range(0, 500).Select(n => Fodselsnummer.Create(birth, (n + (i * 31)) % 500, synthetic: true)).OfType<Fodselsnummer>())
            {
                var hash = lookupHash.Of(candidate);
                if (!await db.People.AnyAsync(p => p.NationalIdHash == hash, ct))
                {
                    db.People.Add(new Person { NationalIdCipher = cipher.Encrypt(candidate), NationalIdHash = hash, GivenName = given[i], FamilyName = "Trønder", BirthDate = birth, Kommunenummer = "5001" });
                    break;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return trondheim;
    }

    private static Payer Require(Dictionary<string, Payer> byKommune, string kommune) =>
        byKommune.TryGetValue(kommune, out var payer) ? payer : throw new InvalidOperationException($"Demo pilot needs the municipality payer of {kommune}.");
}
