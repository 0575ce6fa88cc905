using System.Diagnostics;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Outcomes;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Integrations;
using AktivResept.Server.Features.Outcomes;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;
using static AktivResept.Server.Features.Demo.DemoIdentities;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// A year of municipality-funded courses behind the Oslo and Bergen concession contracts (<see cref="SyntheticCourses"/>),
/// on top of <see cref="DemoSeeder"/>'s base data: Bergen kommune as a payer, participants with synthetic national ids,
/// their prescriptions taken through the real aggregate's steps, and the attendance a gym's door system and its
/// trainers would have reported. Runs with the full demo (first start, <c>seed-demo</c>), not in the test fixture's seed.
/// Does nothing when Bergen kommune is already a payer.
/// </summary>
public sealed class DemoHistory(AktivDbContext db, AtRestCipher cipher, NationalIdLookupHash lookupHash, TimeProvider clock, ILogger<DemoHistory> logger)
{
    private static readonly System.Text.Json.JsonSerializerOptions OutcomeJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Oslo: answers fast, short waits, most complete.</summary>
    public static readonly CourseProfile Oslo = new(
        Participants: 300, Seed: 42, LateAnswerShare: 0.04, MaxAnswerDays: 10, MinWaitDays: 2, MaxWaitDays: 12,
        DeclineShare: 0.04, NeverStartShare: 0.04, DropperShare: 0.14, HighAdherenceShare: 0.6,
        CompetenceRequiredShare: 0.25, LapsedTrainerShare: 0.05);

    /// <summary>Bergen: slower answers, longer waits, more drop-outs and a trainer whose certification lapsed.</summary>
    public static readonly CourseProfile Bergen = new(
        Participants: 120, Seed: 4601, LateAnswerShare: 0.3, MaxAnswerDays: 13, MinWaitDays: 5, MaxWaitDays: 22,
        DeclineShare: 0.08, NeverStartShare: 0.06, DropperShare: 0.2, HighAdherenceShare: 0.45,
        CompetenceRequiredShare: 0, LapsedTrainerShare: 0.3);

    private readonly HashSet<string> _ids = [];

    private static readonly string[] GivenNames = ["Anne", "Bjørn", "Camilla", "Dag", "Eli", "Frode", "Grete", "Hans", "Ida", "Jonas", "Kari", "Lars", "Maren", "Nils", "Oda", "Petter", "Randi", "Sindre", "Tone", "Vegard"];
    private static readonly string[] FamilyNames = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Eriksen", "Bakken"];

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.Payers.AnyAsync(p => p.OrganisationNumber == BergenKommuneOrg, ct))
        {
            return false;
        }

        var timer = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var bergenKommune = new Payer { Kind = PayerKind.Municipality, Name = "Bergen kommune", OrganisationNumber = BergenKommuneOrg, Kommunenummer = "4601", AccountIban = "NO4015030000134", Bic = "DNBANOKK" };
        db.Payers.Add(bergenKommune);

        var aktivOslo = await ProviderAsync(AktivTreningOsloOrg, ct);
        var bergen = await ProviderAsync(BergenHelsetreningOrg, ct);
        var osloVersion = await db.ContractVersions
            .Where(v => v.Number == 1 && db.Contracts.Any(c => c.Id == v.ContractId && c.ProviderId == aktivOslo.Id && db.Payers.Any(p => p.Id == c.PayerId && p.OrganisationNumber == OsloKommuneOrg)))
            .SingleOrDefaultAsync(ct) ?? throw new InvalidOperationException("Demo history needs the base demo's Oslo concession contract.");
        DemoContracts.RequireOf(osloVersion, aktivOslo);
        db.ChangeTracker.DetectChanges();
        db.Contracts.Add(DemoContracts.Bergen(bergenKommune.Id, bergen, Common.Time.Oslo.Today(now).AddYears(-2), now));
        db.BenefitPopulations.AddRange(Population(now));
        IReadOnlyList<Trainer> osloTrainers = await TrainersAsync(["Per Aktiv", "Siri Sterk", "Jon Utløpt"], ct);
        var ingrid = (await TrainersAsync(["Ingrid Vik"], ct))[0];
        IReadOnlyList<Trainer> bergenTrainers = [ingrid, ingrid, LapsedBergenTrainer(bergen, now)];
        var frisklivs = await ReferrerAsync(HealthyLifeCentreHpr, ct);
        var physio = await ReferrerAsync(PhysiotherapistHpr, ct);

        var people = 0;
        var events = 0;
        foreach (var (profile, provider, trainers, referrer, kommune) in new[]
        {
            (Oslo, aktivOslo, osloTrainers, frisklivs, "0301"),
            (Bergen, bergen, bergenTrainers, physio, "4601"),
        })
        {
            var door = new GymIntegration { ProviderId = provider.Id, Name = "Adgangskontroll (demo)", CreatedAt = now.AddYears(-1) };
            db.GymIntegrations.Add(door);
            foreach (var plan in SyntheticCourses.Plan(profile, now))
            {
                events += Course(plan, kommune, provider, trainers, referrer, door);
                people++;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        // A year of history is not news: the fan-out job should not turn it into inbox messages on first start.
        await db.PrescriptionEvents.Where(e => e.FannedOutAt == null && e.OccurredAt < now).ExecuteUpdateAsync(s => s.SetProperty(e => e.FannedOutAt, now), ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        logger.LogInformation("Seeded a year of demo history: {People} participants, {Events} attendance events in {Seconds:F1} s", people, events, timer.Elapsed.TotalSeconds);
        return true;
    }

    private int Course(CoursePlan plan, string kommune, Provider provider, IReadOnlyList<Trainer> trainers, Referrer referrer, GymIntegration door)
    {
        var person = Person(plan, kommune);
        var referrerActor = new Actor($"seed-{referrer.Hpr}", Common.Auth.Roles.Referrer);
        var details = new PrescriptionDetails(
            "A97", "Fysisk inaktivitet, økt risiko for livsstilssykdom", "Trene jevnlig to–tre ganger i uka og klare seg bedre i hverdagen",
            [ActivityType.SupervisedStrength, ActivityType.GroupClass], plan.SessionsPerWeek, 60, plan.StartDate, plan.DurationWeeks,
            null, plan.NeedsAktivInstruktor ? CertificationKind.AktivInstruktor : null, 4, FundingSource.Municipality);
        var prescription = new Prescription(person.Id, referrer.Id, details, referrerActor, plan.IssuedAt);
        Must(prescription.Issue(referrerActor, plan.IssuedAt, null), plan);
        Must(prescription.SendTo(provider.Id, provider.Locations[plan.Index % provider.Locations.Count].Id, plan.SentAt), plan);
        var events = Answer(plan, prescription, person, provider, trainers, door);

        // Added last, with its whole history: the context does not scan for changes while the history is built.
        db.Prescriptions.Add(prescription);
        return events;
    }

    private int Answer(CoursePlan plan, Prescription prescription, Person person, Provider provider, IReadOnlyList<Trainer> trainers, GymIntegration door)
    {
        var gymActor = new Actor("seed-provider-admin", Common.Auth.Roles.ProviderAdmin);
        if (plan.AnsweredAt is not { } answered)
        {
            return 0;
        }

        if (plan.Declined)
        {
            Must(prescription.TransitionTo(PrescriptionStatus.Rejected, gymActor, answered, "Ingen ledig plass på ønsket tidspunkt"), plan);
            return 0;
        }

        var trainer = trainers[0];
        Must(prescription.Accept(trainer.Id, trainer.Certifications.Select(c => c.ToDomain()), gymActor, answered), plan);
        var memberRef = $"M{plan.Index + 10001}";
        db.MemberLinks.Add(new MemberLink { ProviderId = provider.Id, MemberRef = memberRef, ParticipantId = person.Id, LinkedAt = answered });
        db.AttendanceRecords.AddRange(plan.Sessions.Select(session =>
        {
            var by = session.ByTrainer ? trainers[Math.Min(session.TrainerSlot, trainers.Count - 1)] : null;
            return new AttendanceRecord
            {
                ProviderId = provider.Id,
                Source = by is null ? AttendanceSource.Webhook : AttendanceSource.Trainer,
                SourceId = by?.Id ?? door.Id,
                ExternalId = $"demo-{plan.Index}-{session.At.ToUnixTimeSeconds()}-{session.Kind}",
                Kind = session.Kind,
                OccurredAt = session.At,
                LocationId = prescription.LocationId,
                MemberRef = by is null ? memberRef : null,
                ParticipantId = person.Id,
                PrescriptionId = prescription.Id,
                TrainerId = by?.Id,
                DurationMinutes = session.Minutes,
                ReceivedAt = session.At.AddMinutes(by is null ? 1 : 90),
                Reconciliation = ReconciliationState.Matched,
            };
        }));
        foreach (var move in new[] { plan.Start, plan.End })
        {
            if (move is not null)
            {
                Must(prescription.TransitionTo(move.To, Actor.System, move.At, move.Reason), plan);
            }
        }

        Outcomes(plan, prescription);
        return plan.Sessions.Count;
    }

    /// <summary>
    /// Baseline, 12-week and 6-month measurements with known true effects (<see cref="SyntheticOutcomes"/>), for the
    /// courses that started; the end of period only for those that completed it, each only once its day has passed.
    /// Every reading is checked as a real one is; one that the rules refuse stops the seeding.
    /// </summary>
    private void Outcomes(CoursePlan plan, Prescription prescription)
    {
        if (plan.Start is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = Common.Time.Oslo.Today(now);
        var end = prescription.EndDate;
        var sixMonths = prescription.StartDate.AddMonths(6);
        var readings = SyntheticOutcomes.For(
            plan.Index + 7919,
            baseline: true,
            end: plan.End?.To == PrescriptionStatus.Completed && end < today,
            sixMonths: plan.End?.To == PrescriptionStatus.Completed && sixMonths < today);
        foreach (var reading in readings)
        {
            var instrument = InstrumentCatalogue.Get(reading.Instrument);
            var refused = InstrumentScoring.Validate(instrument, reading.Values.ToDictionary(v => v.Key, v => new PartReading(v.Value)));
            if (refused.Count > 0)
            {
                throw new InvalidOperationException($"Demo outcome {reading.Instrument} at {reading.Timepoint} for course {plan.Index} was refused: {string.Join("; ", refused.Select(r => $"{r.Field} {r.Error.Message}"))}");
            }

            var day = reading.Timepoint switch { "baseline" => prescription.StartDate, "end" => end, _ => sixMonths };
            var participant = instrument.RecordedBy.HasFlag(Respondent.Participant) && !instrument.RecordedBy.HasFlag(Respondent.Trainer);
            var measurement = new OutcomeMeasurement
            {
                PrescriptionId = prescription.Id,
                ParticipantId = prescription.ParticipantId,
                Instrument = instrument.Code,
                Timepoint = reading.Timepoint,
                EffectiveAt = Min(Domain.Calendar.OsloCalendar.StartOf(day).AddHours(10), now),
                Values = System.Text.Json.JsonSerializer.Serialize(reading.Values, OutcomeJson),
                Score = InstrumentScoring.Score(instrument, reading.Values, Eq5dValueSet.DemoPlaceholder),
                ValueSet = instrument.Code == InstrumentCatalogue.Eq5d5l ? Eq5dValueSet.DemoPlaceholder.Name : null,
                RecordedByRole = participant ? Common.Auth.Roles.Participant : Common.Auth.Roles.Trainer,
                RecordedBy = participant ? "seed-participant" : "seed-trainer",
                RecordedAt = Min(Domain.Calendar.OsloCalendar.StartOf(day).AddHours(11), now),
            };
            measurement.ChainId = measurement.Id;
            db.OutcomeMeasurements.Add(measurement);
        }

        static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }

    /// <summary>The equity KPI's reference rows for Oslo and Bergen: invented round figures of the right size, named as such.</summary>
    private static IEnumerable<BenefitPopulation> Population(DateTimeOffset now)
    {
        var year = Common.Time.Oslo.Today(now).Year - 1;
        (string Kommune, BenefitKind Benefit, int Residents)[] rows =
        [
            ("0301", BenefitKind.SicknessBenefit, 12_000), ("0301", BenefitKind.WorkAssessmentAllowance, 14_000), ("0301", BenefitKind.DisabilityBenefit, 30_000),
            ("0301", BenefitKind.TransitionalBenefit, 1_500), ("0301", BenefitKind.UnemploymentBenefit, 6_000), ("0301", BenefitKind.SocialAssistance, 10_000),
            ("4601", BenefitKind.SicknessBenefit, 5_500), ("4601", BenefitKind.WorkAssessmentAllowance, 6_000), ("4601", BenefitKind.DisabilityBenefit, 14_000),
            ("4601", BenefitKind.TransitionalBenefit, 700), ("4601", BenefitKind.UnemploymentBenefit, 2_500), ("4601", BenefitKind.SocialAssistance, 4_500),
        ];
        return rows.Select(r => new BenefitPopulation { Kommunenummer = r.Kommune, Benefit = r.Benefit, Year = year, Residents = r.Residents, Source = "SSB/NAV demo figures", ImportedAt = now });
    }

    private Person Person(CoursePlan plan, string kommune)
    {
        var id = SyntheticId(plan, kommune);
        var person = new Person
        {
            NationalIdCipher = cipher.Encrypt(id),
            NationalIdHash = lookupHash.Of(id),
            GivenName = GivenNames[plan.Index % GivenNames.Length],
            FamilyName = FamilyNames[(plan.Index / GivenNames.Length) % FamilyNames.Length],
            BirthDate = id.BirthDate,
            Kommunenummer = kommune,
        };
        db.People.Add(person);
        if (plan.Benefit is { } benefit)
        {
            var from = plan.StartDate.AddDays(-90 - (plan.Index % 300));
            db.BenefitPeriods.Add(new BenefitPeriodRecord { NationalIdHash = person.NationalIdHash, Kind = benefit, From = from, To = plan.StartDate.AddDays((plan.DurationWeeks * 7) + 60), Source = "demo" });
        }

        return person;
    }

    /// <summary>A synthetic (month + 80) id: individual numbers 000–499 are 1900s births; Oslo and Bergen use separate ranges so they never collide.</summary>
    private Fodselsnummer SyntheticId(CoursePlan plan, string kommune)
    {
        var offset = kommune == "0301" ? 0 : 250;
        for (var individual = offset + (plan.Index % 250); ; individual = offset + ((individual - offset + 1) % 250))
        {
            if (Fodselsnummer.Create(plan.BirthDate, individual, synthetic: true) is { } id && _ids.Add(id.Value))
            {
                return id;
            }
        }
    }

    private Trainer LapsedBergenTrainer(Provider bergen, DateTimeOffset now)
    {
        var today = Common.Time.Oslo.Today(now);
        var trainer = new Trainer
        {
            Name = "Lars Berge",
            Roles = [new TrainerRole { OrganisationNumber = bergen.OrganisationNumber, OrganisationName = bergen.Name, Title = "Personlig trener" }],
            Certifications = [new TrainerCertification { Kind = CertificationKind.PersonalTrainer, Issuer = "Norges Treningssenterforbund", ValidFrom = today.AddYears(-3), ValidTo = today.AddDays(-120) }],
        };
        db.Trainers.Add(trainer);
        return trainer;
    }

    private async Task<Provider> ProviderAsync(string org, CancellationToken ct) =>
        await db.Providers.Include(p => p.Locations).SingleOrDefaultAsync(p => p.OrganisationNumber == org, ct)
        ?? throw new InvalidOperationException($"Demo history needs the base demo's provider {org}: run the demo seed first.");

    private async Task<List<Trainer>> TrainersAsync(string[] names, CancellationToken ct)
    {
        var found = await db.Trainers.Include(t => t.Certifications).Where(t => names.Contains(t.Name)).ToListAsync(ct);
        return [.. names.Select(n => found.SingleOrDefault(t => t.Name == n) ?? throw new InvalidOperationException($"Demo history needs the base demo's trainer {n}."))];
    }

    private async Task<Referrer> ReferrerAsync(string hpr, CancellationToken ct) =>
        await db.Referrers.SingleOrDefaultAsync(r => r.Hpr == hpr, ct) ?? throw new InvalidOperationException($"Demo history needs the base demo's referrer {hpr}.");

    /// <summary>Seeding fails loudly: a refused step means the history no longer matches the rules it claims to follow.</summary>
    private static void Must(TransitionOutcome outcome, CoursePlan plan)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"Demo history course {plan.Index}: step refused ({outcome.Error?.Code}): {outcome.Error?.Message}");
        }
    }
}
