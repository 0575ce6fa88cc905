using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Features.Tariffs;
using Microsoft.EntityFrameworkCore;
using static AktivResept.Server.Features.Demo.DemoIdentities;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// «Aktiv på dagtid» in the demo (issue 13). Oslo runs its own programme and Aktiv Trening runs one under the Oslo
/// concession contract (claims to Oslo kommune per attended place); Trondheim runs none, so Nidaros Trening runs one on
/// state funding at the national per-session tariff. Ten weekly series across five locations, a term from four weeks
/// ago, four weeks of attendance history, full sessions with waiting lists, one cancelled date with its reason, and the
/// gyms' draft claims for the months with history. Made through the entities and the domain rules (WeeklySeries,
/// SessionCapacity, ProgrammeEligibility on every booked date), keeping the counters and the capacity; any rule that
/// refuses a step stops the seed with an exception. Does nothing when the Oslo programme exists, or without the base demo.
/// </summary>
public sealed class DemoProgrammes(AktivDbContext db, AtRestCipher cipher, NationalIdLookupHash lookupHash, IServiceProvider services, TimeProvider clock, ILogger<DemoProgrammes> logger)
{
    public const string OsloMunicipal = "Aktiv på dagtid Oslo";
    public const string OsloGym = "Aktiv på dagtid hos Aktiv Trening";
    public const string TrondheimGym = "Aktiv på dagtid hos Nidaros Trening";
    public const string CancellationReason = "Turlederen er syk. Vi går igjen neste mandag.";

    private readonly List<ProgrammeSession> _sessions = [];
    private readonly Dictionary<(Guid Programme, Guid Person), ProgrammeRegistration> _registrations = [];
    private readonly Dictionary<Guid, List<BenefitPeriod>> _benefits = [];

    private sealed record SeriesPlan(ProgrammeActivity Activity, string Title, Guid Location, string Room, decimal? Area, int? Heads, DayOfWeek Day, int Hour, Intensity Intensity, int Regulars, int Queue = 0);

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.Programmes.AnyAsync(p => p.Name == OsloMunicipal, ct) || !await db.Providers.AnyAsync(p => p.OrganisationNumber == NidarosTreningOrg, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var today = OsloCalendar.DateOf(now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var aktivOslo = await db.Providers.Include(p => p.Locations).SingleAsync(p => p.OrganisationNumber == AktivTreningOsloOrg, ct);
        var nidaros = await db.Providers.Include(p => p.Locations).SingleAsync(p => p.OrganisationNumber == NidarosTreningOrg, ct);
        var bjorvika = await db.Locations.Where(l => db.Providers.Any(p => p.Id == l.ProviderId && p.OrganisationNumber == SterkHverdagOrg)).Select(l => l.Id).FirstAsync(ct);
        var osloPayer = await db.Payers.SingleAsync(p => p.OrganisationNumber == OsloKommuneOrg, ct);
        var statePayer = await db.Payers.SingleAsync(p => p.OrganisationNumber == StatePayerOrg, ct);
        var concession = await db.Contracts.Where(c => c.PayerId == osloPayer.Id && c.ProviderId == aktivOslo.Id).Select(c => c.Id).FirstOrDefaultAsync(ct);
        if (concession == Guid.Empty)
        {
            throw new InvalidOperationException("Demo programmes need the base demo's Oslo concession contract.");
        }

        var trainers = await db.Trainers.Where(t => t.Name == "Per Aktiv" || t.Name == "Siri Sterk" || t.Name == "Astrid Lien").ToDictionaryAsync(t => t.Name, t => t.Id, ct);
        var midtbyen = nidaros.Locations[0].Id;

        // The national per-session price a gym on state funding is paid by (equal funding to what a municipality spends).
        var yearStart = new DateOnly(today.Year - 1, 1, 1);
        if (!await db.Tariffs.AnyAsync(t => t.ContractId == null && t.Service == ServiceType.ProgrammeSession, ct))
        {
            db.Tariffs.Add(new TariffRecord { Service = ServiceType.ProgrammeSession, Price = 1_200m, Copay = 0m, ValidFrom = yearStart, CreatedAt = now, CreatedBy = "seed" });
        }

        var oslo = await PeopleAsync("0301", 16, 0, now, ct);
        var trondheim = await PeopleAsync("5001", 14, 50, now, ct);
        var term = (From: today.AddDays(-28), To: today.AddDays(56));

        var municipal = Programme("0301", OsloMunicipal, "Gratis trening på dagtid i regi av Oslo kommune og frisklivssentralen.", ProgrammeOperator.Municipality, null, null, null, ProgrammeFunding.PerAttendee, now);
        Series(municipal, term, trainers["Siri Sterk"], oslo, now, today,
        [
            new(ProgrammeActivity.WalkingGroup, "Turgruppe langs Akerselva", bjorvika, "Oppmøte ved inngangen", null, 20, DayOfWeek.Monday, 10, Intensity.Low, 9),
            new(ProgrammeActivity.Strength, "Styrke i sal", bjorvika, "Sal A", 48m, 12, DayOfWeek.Wednesday, 11, Intensity.Moderate, 10, Queue: 3),
            new(ProgrammeActivity.Yoga, "Rolig yoga", bjorvika, "Sal A", 40m, null, DayOfWeek.Friday, 9, Intensity.Low, 6),
        ]);
        var osloGym = Programme("0301", OsloGym, "Aktiv Trening leverer Aktiv på dagtid under konsesjonskontrakten med Oslo kommune.", ProgrammeOperator.GymUnderContract,
            aktivOslo.Id, concession, osloPayer.Id, ProgrammeFunding.PerAttendee, now);
        Series(osloGym, term, trainers["Per Aktiv"], oslo, now, today,
        [
            new(ProgrammeActivity.Strength, "Styrke for nybegynnere", GrunerlokkaLocationId, "Sal 1", null, 8, DayOfWeek.Tuesday, 10, Intensity.Moderate, 8, Queue: 4),
            new(ProgrammeActivity.Spinning, "Spinning light", MajorstuenLocationId, "Sykkelsalen", 30m, null, DayOfWeek.Thursday, 10, Intensity.High, 7),
            new(ProgrammeActivity.Yoga, "Yoga og bevegelighet", GrunerlokkaLocationId, "Sal 2", null, 12, DayOfWeek.Friday, 11, Intensity.Low, 5),
        ]);
        var trondheimGym = Programme("5001", TrondheimGym, "Trondheim kommune har ikke eget tilbud; Nidaros Trening leverer med statlig finansiering.", ProgrammeOperator.GymOnStateFunding,
            nidaros.Id, null, statePayer.Id, ProgrammeFunding.PerSession, now);
        Series(trondheimGym, term, trainers["Astrid Lien"], trondheim, now, today,
        [
            new(ProgrammeActivity.Strength, "Sterk hverdag", midtbyen, "Sal 1", null, 10, DayOfWeek.Monday, 10, Intensity.Moderate, 10, Queue: 2),
            new(ProgrammeActivity.WalkingGroup, "Gågruppe på Bakklandet", midtbyen, "Oppmøte i resepsjonen", null, 15, DayOfWeek.Wednesday, 10, Intensity.Low, 7),
            new(ProgrammeActivity.Spinning, "Spinning", midtbyen, "Sykkelsalen", 36m, 14, DayOfWeek.Thursday, 12, Intensity.High, 6),
            new(ProgrammeActivity.Yoga, "Yoga", midtbyen, "Sal 2", 36m, null, DayOfWeek.Friday, 10, Intensity.Low, 5),
        ]);

        // One cancelled date: the municipal walking group's next Monday, after its regulars had booked; the reason reaches them.
        var cancelled = _sessions.Where(s => s.ProgrammeId == municipal.Id && s.Date > today && s.Date.DayOfWeek == DayOfWeek.Monday).MinBy(s => s.Date)
            ?? throw new InvalidOperationException("Demo programmes: no future Monday to cancel.");
        foreach (var booking in db.ProgrammeBookings.Local.Where(b => b.SessionId == cancelled.Id && b.Status.HoldsAPlace()))
        {
            booking.Status = BookingStatus.SessionCancelled;
            booking.StatusChangedAt = now;
            booking.StatusChangedBy = "seed";
            cancelled.Booked--;
        }

        cancelled.CancelledAt = now;
        cancelled.CancelledBy = "seed";
        cancelled.CancellationReason = CancellationReason;

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        // The gyms' claims for the months with attendance, through the claims engine like any month.
        var actor = new Actor("seed-provider-admin", Common.Auth.Roles.ProviderAdmin);
        var months = _sessions.Where(s => s.StartsAt < now).Select(s => new DateOnly(s.Date.Year, s.Date.Month, 1)).Distinct().Order().ToList();
        foreach (var provider in new[] { aktivOslo.Id, nidaros.Id })
        {
            foreach (var month in months)
            {
                await services.GenerateClaimsAsync(provider, month, actor, ct);
            }
        }

        logger.LogInformation("Seeded Aktiv på dagtid: 3 programmes, {Sessions} sessions, {Bookings} bookings", _sessions.Count, db.ProgrammeBookings.Local.Count);
        return true;
    }

    private Programme Programme(string kommune, string name, string description, ProgrammeOperator @operator, Guid? provider, Guid? contract, Guid? payer, ProgrammeFunding funding, DateTimeOffset now)
    {
        var programme = new Programme
        {
            Kommunenummer = kommune,
            Name = name,
            Description = description,
            Operator = @operator,
            ProviderId = provider,
            ContractId = contract,
            PayerId = payer,
            Funding = funding,
            CreatedAt = now,
            CreatedBy = "seed",
        };
        db.Programmes.Add(programme);
        return programme;
    }

    /// <summary>A term with its series unrolled to sessions, and the regulars booked on each: attended or a no-show in the past, booked ahead, a queue on the full ones.</summary>
    private void Series(Programme programme, (DateOnly From, DateOnly To) span, Guid instructor, List<Person> people, DateTimeOffset now, DateOnly today, SeriesPlan[] plans)
    {
        var holidays = new[] { new DateOnly(today.Year, 12, 25), new DateOnly(today.Year, 12, 26), new DateOnly(today.Year + 1, 1, 1) }
            .Where(d => d >= span.From && d <= span.To).ToList();
        var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Høst og vinter", StartsOn = span.From, EndsOn = span.To, Holidays = holidays };
        db.ProgrammeTerms.Add(term);
        for (var p = 0; p < plans.Length; p++)
        {
            var plan = plans[p];
            var series = new ProgrammeSeries
            {
                ProgrammeId = programme.Id,
                TermId = term.Id,
                Activity = plan.Activity,
                Title = plan.Title,
                LocationId = plan.Location,
                Room = plan.Room,
                RoomSquareMetres = plan.Area,
                HeadCount = plan.Heads,
                InstructorTrainerId = instructor,
                Weekday = plan.Day,
                StartTime = new TimeOnly(plan.Hour, 0),
                DurationMinutes = 60,
                Intensity = plan.Intensity,
                CreatedAt = now,
                CreatedBy = "seed",
                AccessibilityFeatures = [AccessibilityFeature.StepFreeEntrance],
            };
            var capacity = series.Capacity ?? throw new InvalidOperationException($"Demo series {plan.Title}: neither a head count nor an area.");
            db.ProgrammeSeries.Add(series);
            var occurrences = WeeklySeries.Occurrences(plan.Day, series.StartTime, series.DurationMinutes, span.From, span.To, holidays.ToHashSet());
            for (var o = 0; o < occurrences.Count; o++)
            {
                var occurrence = occurrences[o];
                var session = new ProgrammeSession
                {
                    ProgrammeId = programme.Id,
                    SeriesId = series.Id,
                    Date = occurrence.Date,
                    StartsAt = occurrence.StartsAt,
                    EndsAt = occurrence.EndsAt,
                    Activity = plan.Activity,
                    LocationId = plan.Location,
                    Room = plan.Room,
                    InstructorTrainerId = instructor,
                    Capacity = capacity,
                };
                db.ProgrammeSessions.Add(session);
                _sessions.Add(session);
                var past = occurrence.EndsAt <= now;
                var regulars = Math.Min(people.Count, Math.Min(capacity, plan.Regulars - ((o + p) % 3 == 0 ? 1 : 0)) + (past ? 0 : plan.Queue));
                for (var i = 0; i < regulars; i++)
                {
                    var person = people[((o * 3) + (p * 5) + i) % people.Count];
                    // Past sessions: one in seven of the places was a no-show.
                    var status = session.Booked == capacity ? BookingStatus.Waiting
                        : past ? ((o + i) % 7 == 3 ? BookingStatus.NoShow : BookingStatus.Attended)
                        : BookingStatus.Booked;
                    Book(programme, session, person, status, past ? occurrence.EndsAt : now);
                }
            }
        }
    }

    private void Book(Programme programme, ProgrammeSession session, Person person, BookingStatus status, DateTimeOffset at)
    {
        var eligibility = ProgrammeEligibility.Evaluate(person.BirthDate, session.Date, _benefits[person.Id], referralValidOnDay: false);
        if (!eligibility.Eligible)
        {
            throw new InvalidOperationException($"Demo booking refused for {person.GivenName} on {session.Date:yyyy-MM-dd}: {eligibility.Reason?.Code}");
        }

        if (!_registrations.ContainsKey((programme.Id, person.Id)))
        {
            var registration = new ProgrammeRegistration { ProgrammeId = programme.Id, PersonId = person.Id, Basis = eligibility.Basis!.Value, RegisteredAt = at.AddDays(-7), RegisteredBy = "self" };
            _registrations[(programme.Id, person.Id)] = registration;
            db.ProgrammeRegistrations.Add(registration);
        }

        var booking = new ProgrammeBooking
        {
            SessionId = session.Id,
            ProgrammeId = programme.Id,
            PersonId = person.Id,
            Status = status,
            CreatedAt = session.StartsAt.AddDays(-6),
            CreatedBy = "self",
            StatusChangedAt = at,
            StatusChangedBy = status == BookingStatus.Booked || status == BookingStatus.Waiting ? "self" : "seed-instructor",
        };
        if (status == BookingStatus.Waiting)
        {
            booking.QueueNumber = session.NextQueueNumber++;
            session.Waiting++;
        }
        else if (status.HoldsAPlace())
        {
            session.Booked++;
        }

        // The database keeps the capacity too (CK_ProgrammeSessions_Booked); this says which step broke it.
        if (session.Booked > session.Capacity)
        {
            throw new InvalidOperationException($"Demo booking over capacity on {session.Date:yyyy-MM-dd}.");
        }

        db.ProgrammeBookings.Add(booking);
    }

    /// <summary>Synthetic residents on a benefit for the whole term (work assessment allowance, sickness benefit or unemployment benefit), aged 31–51.</summary>
    private async Task<List<Person>> PeopleAsync(string kommune, int count, int offset, DateTimeOffset now, CancellationToken ct)
    {
        string[] given = ["Aud", "Bente", "Dag", "Eirik", "Frida", "Gunnar", "Hanne", "Ivar", "Jorunn", "Kjell", "Linn", "Morten", "Nora", "Oddvar", "Ragnhild", "Sverre"];
        string[] family = ["Aas", "Bakke", "Dahl", "Eide", "Foss", "Haugen", "Lie", "Moen", "Strand", "Vik"];
        BenefitKind[] kinds = [BenefitKind.WorkAssessmentAllowance, BenefitKind.SicknessBenefit, BenefitKind.UnemploymentBenefit];
        var today = OsloCalendar.DateOf(now);
        var people = new List<Person>();
        for (var i = 0; i < count; i++)
        {
            var n = offset + i;
            var birth = new DateOnly(1975 + (n % 20), 1 + (n % 12), 1 + (n % 27));
            // Individual numbers 900–999 (1940–1999 births) stay clear of the other demo seeds' 000–499.
            Fodselsnummer? id = null;
            var hash = string.Empty;
            foreach (var candidate in Enumerable.Range(900, 100).Select(individual => Fodselsnummer.Create(birth, individual, synthetic: true)).OfType<Fodselsnummer>())
            {
                var candidateHash = lookupHash.Of(candidate);
                if (!db.People.Local.Any(p => p.NationalIdHash == candidateHash) && !await db.People.AnyAsync(p => p.NationalIdHash == candidateHash, ct))
                {
                    id = candidate;
                    hash = candidateHash;
                    break;
                }
            }

            if (id is null)
            {
                throw new InvalidOperationException($"Demo programmes: no free synthetic national id for person {n}.");
            }

            var person = new Person
            {
                NationalIdCipher = cipher.Encrypt(id),
                NationalIdHash = hash,
                GivenName = given[n % given.Length],
                FamilyName = family[n % family.Length],
                BirthDate = birth,
                Kommunenummer = kommune,
            };
            var benefit = new BenefitPeriodRecord { NationalIdHash = hash, Kind = kinds[n % kinds.Length], From = today.AddMonths(-6), To = today.AddMonths(6), Source = "demo" };
            db.People.Add(person);
            db.BenefitPeriods.Add(benefit);
            _benefits[person.Id] = [benefit.ToDomain()];
            people.Add(person);
        }

        return people;
    }
}
