using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Features.Referrers;
using AktivResept.Server.Features.Tariffs;
using Microsoft.EntityFrameworkCore;
using static AktivResept.Server.Features.Demo.DemoIdentities;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// Seeds three real municipalities, six gyms, trainers, referrers of each kind, synthetic participants with each of
/// the six benefits and prescriptions in every lifecycle state. Dates are relative to today, so the demo stays current.
/// Does nothing when providers already exist.
/// </summary>
public sealed class DemoSeeder(AktivDbContext db, AtRestCipher cipher, NationalIdLookupHash lookupHash, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    private static readonly AccessibilityFeature[] AllFeatures = Enum.GetValues<AccessibilityFeature>();

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.Providers.AnyAsync(ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        db.Municipalities.AddRange(
            new Municipality { Kommunenummer = "0301", Name = "Oslo", CentreLatitude = 59.9133, CentreLongitude = 10.7389 },
            new Municipality { Kommunenummer = "4601", Name = "Bergen", CentreLatitude = 60.3913, CentreLongitude = 5.3221 },
            new Municipality { Kommunenummer = "5001", Name = "Trondheim", CentreLatitude = 63.4305, CentreLongitude = 10.3951 });

        var gp = Referrer(GpHpr, "Kari Nordmann", ReferrerKind.GeneralPractitioner, GpOfficeOrg, "Majorstuen legesenter");
        var physio = Referrer(PhysiotherapistHpr, "Ola Fjell", ReferrerKind.Physiotherapist, PhysioOrg, "Bergen Fysioterapi AS");
        var frisklivs = Referrer(HealthyLifeCentreHpr, "Lise Frisk", ReferrerKind.HealthyLifeCentre, OsloKommuneOrg, "Frisklivssentralen, Oslo kommune");
        var nav = Referrer(NavCounsellorHpr, "Nils Veileder", ReferrerKind.NavCounsellor, NavOrg, "NAV Trondheim");

        var aktivOslo = Provider(AktivTreningOsloOrg, "Aktiv Trening Oslo AS",
            Location("Aktiv Trening Grünerløkka", "Thorvald Meyers gate 40, 0555 Oslo", "0301", 59.9226, 10.7585, 20, AllFeatures, GrunerlokkaLocationId),
            Location("Aktiv Trening Majorstuen", "Bogstadveien 50, 0366 Oslo", "0301", 59.9296, 10.7146, 1, [AccessibilityFeature.Elevator], MajorstuenLocationId));
        var sterk = Provider(SterkHverdagOrg, "Sterk Hverdag AS",
            Location("Sterk Hverdag Bjørvika", "Dronning Eufemias gate 16, 0191 Oslo", "0301", 59.9075, 10.7589, 15, [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.Elevator, AccessibilityFeature.AccessibleToilet]));
        var bergen = Provider(BergenHelsetreningOrg, "Bergen Helsetrening AS",
            Location("Bergen Helsetrening Sentrum", "Olav Kyrres gate 22, 5015 Bergen", "4601", 60.3920, 5.3240, 20, AllFeatures, BergenSentrumLocationId));
        var fjordbyen = Provider(FjordbyenOrg, "Fjordbyen Treningssenter AS",
            Location("Fjordbyen Laksevåg", "Damsgårdsveien 100, 5160 Laksevåg", "4601", 60.3850, 5.2900, 10, [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.AccessibleParking]));
        var nidaros = Provider(NidarosTreningOrg, "Nidaros Trening AS",
            Location("Nidaros Trening Midtbyen", "Kongens gate 30, 7012 Trondheim", "5001", 63.4300, 10.3950, 20, [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.InductionLoop]));
        var midtbyen = Provider(MidtbyenAktivOrg, "Midtbyen Aktiv AS",
            Location("Midtbyen Aktiv Lade", "Haakon VIIs gate 9, 7041 Trondheim", "5001", 63.4450, 10.4400, 10, [AccessibilityFeature.AccessibleParking]));

        var per = Trainer("Per Aktiv", TrainerAktivInstruktorFnr, [Role(aktivOslo, "Aktiv-instruktør")],
            Cert(CertificationKind.AktivInstruktor, "Kreftforeningen", today.AddYears(-1), today.AddYears(2)),
            Cert(CertificationKind.PersonalTrainer, "Norges Treningssenterforbund", today.AddYears(-3), today.AddYears(2)));
        var siri = Trainer("Siri Sterk", TrainerSharedPositionFnr,
            [
                // A shared position («delt stilling»): 60 % personal trainer at the gym, 40 % at the municipality's frisklivssentral.
                new TrainerRole
                {
                    OrganisationNumber = aktivOslo.OrganisationNumber, OrganisationName = aktivOslo.Name, Title = "Personlig trener",
                    Kind = PositionKind.Gym, Share = 0.6m, ValidFrom = new DateOnly(today.Year - 1, 1, 1),
                },
                new TrainerRole
                {
                    OrganisationNumber = OsloKommuneOrg, OrganisationName = "Oslo kommune", Title = "Helseveileder, frisklivssentralen",
                    Kind = PositionKind.Municipality, Share = 0.4m, ValidFrom = new DateOnly(today.Year - 1, 1, 1),
                },
            ],
            Cert(CertificationKind.PersonalTrainer, "Norges Treningssenterforbund", today.AddYears(-2), today.AddYears(3)),
            Cert(CertificationKind.HealthCoach, "Helsedirektoratet", today.AddYears(-1), today.AddYears(1)));
        Trainer("Jon Utløpt", TrainerExpiredFnr, [Role(aktivOslo, "Personlig trener")],
            Cert(CertificationKind.PersonalTrainer, "Norges Treningssenterforbund", today.AddYears(-4), today.AddDays(-10)));
        Trainer("Eva Snart", null, [Role(sterk, "Personlig trener")],
            Cert(CertificationKind.PersonalTrainer, "Norges Treningssenterforbund", today.AddYears(-2), today.AddDays(30)));
        Trainer("Tor Bjørnstad", null, [Role(sterk, "Personlig trener")],
            Cert(CertificationKind.PersonalTrainer, "Norges Treningssenterforbund", today.AddYears(-1), today.AddYears(2)));
        var bergenTrainer = Trainer("Ingrid Vik", null, [Role(bergen, "Personlig trener")],
            Cert(CertificationKind.PersonalTrainer, "Norges Treningssenterforbund", today.AddYears(-1), today.AddYears(2)),
            Cert(CertificationKind.AktivInstruktor, "Kreftforeningen", today.AddMonths(-6), today.AddYears(2)));
        Trainer("Magnus Fjord", null, [Role(fjordbyen, "Helseveileder")],
            Cert(CertificationKind.HealthCoach, "Helsedirektoratet", today.AddYears(-1), today.AddYears(2)));
        var nidarosTrainer = Trainer("Astrid Lien", null, [Role(nidaros, "Personlig trener")],
            Cert(CertificationKind.PersonalTrainer, "Norges Treningssenterforbund", today.AddYears(-1), today.AddYears(2)));
        Trainer("Kristian Dahl", null, [Role(midtbyen, "Gruppeinstruktør")],
            Cert(CertificationKind.GroupInstructor, "Norges Treningssenterforbund", today.AddYears(-1), today.AddYears(2)));

        var anne = Person(ParticipantAnneFnr, "Anne", "Hansen", "0301", Benefit(BenefitKind.SicknessBenefit, today.AddDays(-200), today.AddDays(160)));
        var bjorn = Person(ParticipantBjornFnr, "Bjørn", "Larsen", "0301", Benefit(BenefitKind.WorkAssessmentAllowance, today.AddYears(-1), today.AddDays(20)));
        var camilla = Person(ParticipantCamillaFnr, "Camilla", "Berg", "0301", Benefit(BenefitKind.DisabilityBenefit, today.AddYears(-5), null));
        camilla.AccessibilityNeeds = [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.AccessibleToilet];
        var david = Person(ParticipantDavidFnr, "David", "Johansen", "4601", Benefit(BenefitKind.TransitionalBenefit, today.AddMonths(-8), today.AddDays(45)));
        var elin = Person(ParticipantElinFnr, "Elin", "Olsen", "4601", Benefit(BenefitKind.UnemploymentBenefit, today.AddMonths(-2), today.AddDays(200)));
        var fredrik = Person(ParticipantFredrikFnr, "Fredrik", "Nilsen", "5001", Benefit(BenefitKind.SocialAssistance, today.AddMonths(-4), today.AddDays(150)));
        var guri = Person(ParticipantGuriFnr, "Guri", "Pedersen", "5001");
        SeedPayers(aktivOslo, [aktivOslo, sterk, bergen, fjordbyen, nidaros, midtbyen]);
        db.CertificationRegister.AddRange(DemoCertificateRegister.Rows(today));

        await db.SaveChangesAsync(ct);

        var gpActor = new Actor($"seed-{GpHpr}", Common.Auth.Roles.Referrer);
        var physioActor = new Actor($"seed-{PhysiotherapistHpr}", Common.Auth.Roles.Referrer);
        var navActor = new Actor($"seed-{NavCounsellorHpr}", Common.Auth.Roles.Referrer);
        var gymActor = new Actor("seed-provider-admin", Common.Auth.Roles.ProviderAdmin);
        var oslo1 = aktivOslo.Locations[0];

        // Anne: one completed course last year, and an active one now.
        var done = Prescribe(anne, gp, now.AddDays(-200), today.AddDays(-190), FundingSource.StateReimbursed, null, gpActor);
        Must(done.SendTo(aktivOslo.Id, oslo1.Id, now.AddDays(-199)), "done.SendTo");
        Must(done.Accept(per.Id, per.Certifications.Select(c => c.ToDomain()), gymActor, now.AddDays(-198)), "done.Accept");
        Must(done.TransitionTo(PrescriptionStatus.Active, gymActor, now.AddDays(-190), null), "done.TransitionTo");
        Must(done.TransitionTo(PrescriptionStatus.Completed, gymActor, now.AddDays(-106), "Gjennomført 12 uker"), "done.TransitionTo");
        var active = Prescribe(anne, gp, now.AddDays(-30), today.AddDays(-21), FundingSource.StateReimbursed, CertificationKind.AktivInstruktor, gpActor);
        Must(active.SendTo(aktivOslo.Id, oslo1.Id, now.AddDays(-29)), "active.SendTo");
        Must(active.Accept(per.Id, per.Certifications.Select(c => c.ToDomain()), gymActor, now.AddDays(-27)), "active.Accept");
        Must(active.TransitionTo(PrescriptionStatus.Active, gymActor, now.AddDays(-21), null), "active.TransitionTo");

        // Bjørn: issued and sent to Aktiv Trening Oslo, waiting for an answer (benefit ends mid-way).
        var waiting = Prescribe(bjorn, gp, now.AddDays(-2), today.AddDays(7), FundingSource.StateReimbursed, null, gpActor);
        Must(waiting.SendTo(aktivOslo.Id, oslo1.Id, now.AddDays(-2)), "waiting.SendTo");

        // Camilla: a draft, and a cancelled self-paid one.
        Prescribe(camilla, gp, now.AddDays(-1), today.AddDays(14), FundingSource.StateReimbursed, null, gpActor, issue: false);
        var cancelled = Prescribe(camilla, gp, now.AddDays(-60), today.AddDays(-50), FundingSource.SelfPaid, null, gpActor);
        Must(cancelled.TransitionTo(PrescriptionStatus.Cancelled, gpActor, now.AddDays(-55), "Pasienten ønsket å vente"), "cancelled.TransitionTo");

        // David: accepted in Bergen, not yet started.
        var accepted = Prescribe(david, physio, now.AddDays(-5), today.AddDays(3), FundingSource.StateReimbursed, null, physioActor);
        Must(accepted.SendTo(bergen.Id, bergen.Locations[0].Id, now.AddDays(-5)), "accepted.SendTo");
        Must(accepted.Accept(bergenTrainer.Id, bergenTrainer.Certifications.Select(c => c.ToDomain()), gymActor, now.AddDays(-4)), "accepted.Accept");

        // Elin: issued but not yet sent, and an earlier self-paid one the gym rejected.
        Prescribe(elin, physio, now.AddDays(-1), today.AddDays(10), FundingSource.StateReimbursed, null, physioActor);
        var rejected = Prescribe(elin, physio, now.AddDays(-40), today.AddDays(-30), FundingSource.SelfPaid, null, physioActor);
        Must(rejected.SendTo(fjordbyen.Id, fjordbyen.Locations[0].Id, now.AddDays(-40)), "rejected.SendTo");
        Must(rejected.TransitionTo(PrescriptionStatus.Rejected, gymActor, now.AddDays(-38), "Ingen ledig kapasitet på ønsket tidspunkt"), "rejected.TransitionTo");

        // Fredrik: one expired unanswered, and a municipality-funded one he dropped out of.
        var expired = Prescribe(fredrik, nav, now.AddDays(-40), today.AddDays(-30), FundingSource.StateReimbursed, null, navActor);
        Must(expired.SendTo(midtbyen.Id, midtbyen.Locations[0].Id, now.AddDays(-40)), "expired.SendTo");
        Must(expired.TransitionTo(PrescriptionStatus.Expired, Actor.System, now.AddDays(-26), "Not accepted within 14 days."), "expired.TransitionTo");
        var dropped = Prescribe(fredrik, nav, now.AddDays(-90), today.AddDays(-80), FundingSource.Municipality, null, navActor);
        Must(dropped.SendTo(nidaros.Id, nidaros.Locations[0].Id, now.AddDays(-90)), "dropped.SendTo");
        Must(dropped.Accept(nidarosTrainer.Id, nidarosTrainer.Certifications.Select(c => c.ToDomain()), gymActor, now.AddDays(-88)), "dropped.Accept");
        Must(dropped.TransitionTo(PrescriptionStatus.Active, gymActor, now.AddDays(-80), null), "dropped.TransitionTo");
        Must(dropped.TransitionTo(PrescriptionStatus.DroppedOut, Actor.System, now.AddDays(-40), "Ingen oppmøte på 21 dager"), "dropped.TransitionTo");

        // Guri: employer-paid, sent to Nidaros Trening and waiting.
        var employer = Prescribe(guri, nav, now.AddDays(-3), today.AddDays(5), FundingSource.EmployerPaid, null, navActor);
        Must(employer.SendTo(nidaros.Id, nidaros.Locations[0].Id, now.AddDays(-3)), "employer.SendTo");

        _ = siri;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Seeded demo data");
        return true;
    }

    private Prescription Prescribe(Person person, Referrer referrer, DateTimeOffset at, DateOnly start, FundingSource funding, CertificationKind? competence, Actor actor, bool issue = true)
    {
        var details = new PrescriptionDetails(
            "L84", "Ryggsmerter uten utstråling", "Bedre funksjon i hverdagen og komme tilbake i arbeid",
            [ActivityType.SupervisedStrength, ActivityType.Endurance], 2, 60, start, 12,
            "Unngå tunge løft de første ukene", competence, 4, funding);
        var prescription = new Prescription(person.Id, referrer.Id, details, actor, at);
        if (issue)
        {
            var eligibility = funding == FundingSource.StateReimbursed
                ? EligibilityRules.Evaluate(db.BenefitPeriods.Local.Where(b => b.NationalIdHash == person.NationalIdHash).Select(b => b.ToDomain()), start, details.EndDate)
                : null;
            Must(prescription.Issue(actor, at, eligibility), $"{person.GivenName}: issue");
        }

        db.Prescriptions.Add(prescription);
        return prescription;
    }

    /// <summary>
    /// Seeding fails loudly: a refused step would leave the demo telling something else than the README says (a
    /// "completed" course that is in fact a draft), so the whole seed rolls back instead.
    /// </summary>
    private static void Must(TransitionOutcome outcome, string step)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"Demo seed step {step} refused ({outcome.Error?.Code}): {outcome.Error?.Message}");
        }
    }

    private Referrer Referrer(string hpr, string name, ReferrerKind kind, string org, string orgName)
    {
        var referrer = new Referrer { Hpr = hpr, Name = name, Kind = kind, OrganisationNumber = org, OrganisationName = orgName };
        db.Referrers.Add(referrer);
        return referrer;
    }

    /// <summary>Payers, the national tariffs from the start of the year, an Oslo concession contract and the gyms' accounts.</summary>
    private void SeedPayers(Provider oslo, Provider[] providers)
    {
        var state = new Payer { Kind = PayerKind.State, Name = "Statens refusjonskontor (demo)", OrganisationNumber = StatePayerOrg, AccountIban = "NO6176940500016", Bic = "DNBANOKK" };
        var osloKommune = new Payer { Kind = PayerKind.Municipality, Name = "Oslo kommune", OrganisationNumber = OsloKommuneOrg, Kommunenummer = "0301", AccountIban = "NO8415030000118", Bic = "DNBANOKK" };
        var employer = new Payer { Kind = PayerKind.Employer, Name = "Bedriftshelse AS (demo)", OrganisationNumber = EmployerOrg, AccountIban = "NO6215030000126", Bic = "DNBANOKK" };
        db.Payers.AddRange(state, osloKommune, employer);

        // From the start of last year, so last month always has a tariff (also in January).
        var yearStart = new DateOnly(OsloCalendar.DateOf(clock.GetUtcNow()).Year - 1, 1, 1);
        var now = clock.GetUtcNow();
        db.Tariffs.AddRange(
            Tariff(null, ServiceType.PtSession, 450m, 50m, yearStart, now, BenefitKind.SocialAssistance),
            Tariff(null, ServiceType.GroupSession, 150m, 0m, yearStart, now),
            Tariff(null, ServiceType.DietGuidance, 400m, 50m, yearStart, now, BenefitKind.SocialAssistance),
            Tariff(null, ServiceType.InitialAssessment, 600m, 0m, yearStart, now));
        var concession = new Contract
        {
            PayerId = osloKommune.Id,
            ProviderId = oslo.Id,
            Name = "Tjenestekonsesjon Aktiv Trening Oslo",
            Status = ContractStatus.Active,
            StatusChangedAt = now,
            StatusChangedBy = "seed",
            ValidFrom = yearStart,
            CreatedAt = now,
            CreatedBy = "seed",
            StatusHistory = [new ContractStatusChange { To = ContractStatus.Draft, At = now, By = "seed" }, new ContractStatusChange { From = ContractStatus.Draft, To = ContractStatus.Active, At = now, By = "seed" }],
            Versions =
            [
                new ContractVersion
                {
                    Number = 1,
                    Status = ContractVersionStatus.Active,
                    ValidFrom = yearStart,
                    CoFinancingShare = 0.30m,
                    CreatedAt = now,
                    CreatedBy = "seed",
                    ActivatedAt = now,
                    ActivatedBy = "seed",
                },
            ],
        };
        db.Contracts.Add(concession);
        db.Tariffs.AddRange(
            Tariff(concession.Id, ServiceType.PtSession, 500m, 0m, yearStart, now),
            Tariff(concession.Id, ServiceType.GroupSession, 180m, 0m, yearStart, now));

        string[] accounts = ["15030000010", "15030000029", "15030000037", "15030000045", "15030000053", "15030000061"];
        for (var i = 0; i < providers.Length; i++)
        {
            providers[i].AccountNumber = accounts[i];
        }
    }

    private static TariffRecord Tariff(Guid? contract, ServiceType service, decimal price, decimal copay, DateOnly from, DateTimeOffset now, params BenefitKind[] exempt) =>
        new() { ContractId = contract, Service = service, Price = price, Copay = copay, ValidFrom = from, CopayExemptBenefits = [.. exempt], CreatedAt = now, CreatedBy = "seed" };

    private Provider Provider(string org, string name, params Location[] locations)
    {
        var provider = new Provider { OrganisationNumber = OrganisationNumber.Parse(org).Value, Name = name, Locations = [.. locations] };
        db.Providers.Add(provider);
        return provider;
    }

    private static Location Location(string name, string address, string kommune, double lat, double lon, int capacity, AccessibilityFeature[] features, Guid? id = null) =>
        new()
        {
            Id = id ?? Guid.CreateVersion7(),
            Name = name,
            Address = address,
            Kommunenummer = kommune,
            Latitude = lat,
            Longitude = lon,
            Capacity = capacity,
            AccessibilityFeatures = [.. features],
            OpeningHours = "Man–fre 06:00–22:00, lør–søn 08:00–18:00",
        };

    private Trainer Trainer(string name, string? fnr, List<TrainerRole> roles, params TrainerCertification[] certifications)
    {
        var trainer = new Trainer
        {
            Name = name,
            NationalIdHash = fnr is null ? string.Empty : lookupHash.Of(Fodselsnummer.Parse(fnr, allowSynthetic: true)),
            Roles = roles,
            Certifications = [.. certifications],
        };
        db.Trainers.Add(trainer);
        return trainer;
    }

    private static TrainerRole Role(Provider provider, string title) =>
        new() { OrganisationNumber = provider.OrganisationNumber, OrganisationName = provider.Name, Title = title };

    private static TrainerCertification Cert(CertificationKind kind, string issuer, DateOnly from, DateOnly to) =>
        new() { Kind = kind, Issuer = issuer, ValidFrom = from, ValidTo = to };

    private Person Person(string fnr, string given, string family, string kommune, params BenefitPeriod[] benefits)
    {
        var id = Fodselsnummer.Parse(fnr, allowSynthetic: true);
        var person = new Person
        {
            NationalIdCipher = cipher.Encrypt(id),
            NationalIdHash = lookupHash.Of(id),
            GivenName = given,
            FamilyName = family,
            BirthDate = id.BirthDate,
            Kommunenummer = kommune,
        };
        db.People.Add(person);
        foreach (var benefit in benefits)
        {
            db.BenefitPeriods.Add(new BenefitPeriodRecord { NationalIdHash = person.NationalIdHash, Kind = benefit.Kind, From = benefit.From, To = benefit.To, Source = "demo" });
        }

        return person;
    }

    private static BenefitPeriod Benefit(BenefitKind kind, DateOnly from, DateOnly? to) => new(kind, from, to);
}
