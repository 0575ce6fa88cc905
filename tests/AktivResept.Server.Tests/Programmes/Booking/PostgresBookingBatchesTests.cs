using System.Net;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Features.Programmes.Booking;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AktivResept.Server.Tests.Programmes.Booking;

/// <summary>
/// Bookings committed together on PostgreSQL, driven directly as one batch: each attempt is judged on the hold the ones
/// before it left (the same session's places, the same person's week); a duplicate the one-open-booking index refuses
/// stops the batch, which then runs one by one, so only the duplicate is left out — not its counters, not its audit row —
/// and the writer's connection goes on clean.
/// </summary>
[PostgresOnly("The batches under test are PostgreSQL's own; SQLite's bookings run one at a time through EF Core")]
public sealed class PostgresBookingBatchesTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Two_bookers_for_the_last_place_in_one_batch_get_the_place_and_the_first_queue_number_in_arrival_order()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 1, weeks: 1);
        var sessionId = programme.SessionIds[0];
        var first = await app.RegisteredPersonAsync(programme.ProgrammeId);
        var second = await app.RegisteredPersonAsync(programme.ProgrammeId);

        var outcomes = await WriteTogetherAsync(programme, sessionId, first, second);

        outcomes.Select(o => o.Result!.Written).ShouldBe([true, true]);
        var bookings = await app.BookingsOfAsync(sessionId);
        bookings.Count.ShouldBe(2);
        bookings.Single(b => b.Status == BookingStatus.Booked).PersonId.ShouldBe(outcomes[0].Result!.Hold!.Person!.PersonId);
        bookings.Single(b => b.Status == BookingStatus.Waiting).QueueNumber.ShouldBe(1);
        var session = await app.SessionAsync(sessionId);
        (session.Booked, session.Waiting, session.NextQueueNumber).ShouldBe((1, 1, 2L));
        (await AuditRowsAsync(bookings.Select(b => b.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task A_person_twice_in_one_batch_for_the_same_session_is_booked_once_and_refused_by_the_rules_the_second_time()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 10, weeks: 1);
        var sessionId = programme.SessionIds[0];
        var fnr = await app.RegisteredPersonAsync(programme.ProgrammeId);

        var outcomes = await WriteTogetherAsync(programme, sessionId, fnr, fnr);

        outcomes[0].Result!.Written.ShouldBeTrue();
        outcomes[1].Result!.Written.ShouldBeFalse();
        outcomes[1].Result!.Verdict.Refusal!.Error!.Definition.ShouldBe(ProgrammeErrorCodes.AlreadyBooked);
        (await app.BookingsOfAsync(sessionId)).Count.ShouldBe(1);
        (await app.SessionAsync(sessionId)).Booked.ShouldBe(1);
    }

    [Fact]
    public async Task A_duplicate_the_unique_index_refuses_stops_its_batch_which_then_writes_the_others_one_by_one()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 10, weeks: 1);
        var sessionId = programme.SessionIds[0];
        var booked = await app.RegisteredPersonAsync(programme.ProgrammeId);
        var other = await app.RegisteredPersonAsync(programme.ProgrammeId);
        (await app.AsOsloCoordinator().BookAsync(programme, sessionId, booked)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await app.SessionAsync(sessionId);

        // A judge that books without looking at the person's week: the duplicate gets past the rules to the index.
        var outcomes = await WriteTogetherAsync(programme, sessionId, [booked, other], ignoreWeek: true);

        outcomes[0].Result!.Written.ShouldBeFalse();
        outcomes[0].Result!.Verdict.Refusal.ShouldBeNull();
        outcomes[1].Result!.Written.ShouldBeTrue();
        var bookings = await app.BookingsOfAsync(sessionId);
        bookings.Count.ShouldBe(2);
        (await app.SessionAsync(sessionId)).Booked.ShouldBe(before.Booked + 1);
        (await AuditRowsAsync(outcomes.Select(o => o.Attempt.Booking.Id))).ShouldBe(1);

        // The writer's connection answers afterwards: the stopped transaction was rolled back, not left open.
        var after = await WriteTogetherAsync(programme, programme.SessionIds[0], await app.RegisteredPersonAsync(programme.ProgrammeId));
        after[0].Result!.Written.ShouldBeTrue();
    }

    [Fact]
    public async Task A_national_id_not_known_to_us_finds_no_person_and_writes_nothing()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 10, weeks: 1);
        var sessionId = programme.SessionIds[0];

        var outcomes = await WriteTogetherAsync(programme, sessionId, TestData.NewNationalId());

        var (hold, verdict, written) = outcomes[0].Result!;
        hold!.Person.ShouldBeNull();
        hold.Week.ShouldBeEmpty();
        hold.Session.Capacity.ShouldBe(10);
        verdict.Refusal!.Error!.Definition.ShouldBe(ProgrammeErrorCodes.NotRegistered);
        written.ShouldBeFalse();
        (await app.BookingsOfAsync(sessionId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_session_gone_since_its_request_read_it_is_not_found_for_that_booking_and_the_rest_of_the_batch_is_written()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 10, weeks: 1);
        var sessionId = programme.SessionIds[0];
        var gone = await app.RegisteredPersonAsync(programme.ProgrammeId);
        var booked = await app.RegisteredPersonAsync(programme.ProgrammeId);

        var outcomes = await WriteTogetherAsync(programme, sessionId, [gone, booked], ignoreWeek: false, goneSessionFor: gone);

        outcomes[0].Result!.Verdict.Refusal!.Kind.ShouldBe(OutcomeKind.NotFound);
        outcomes[0].Result!.Written.ShouldBeFalse();
        outcomes[1].Result!.Written.ShouldBeTrue();
        (await app.BookingsOfAsync(sessionId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_writers_connections_plan_generically_and_keep_the_options_configured()
    {
        var configured = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<IConfiguration>().GetConnectionString("Default"))
        {
            Options = "-c statement_timeout=60000",
        };

        await using var connection = new NpgsqlConnection(PostgresBookingBatches.WriterConnectionString(configured.ConnectionString, writers: 1));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('plan_cache_mode'), current_setting('statement_timeout')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        (reader.GetString(0), reader.GetString(1)).ShouldBe(("force_generic_plan", "1min"));
    }

    /// <summary>
    /// For any order of arrivals cut into batches of any size (seeded, so a failure reproduces), the bookings end as the
    /// same arrivals booked one at a time end: the same answer to each, the same places and queue numbers, and the
    /// counters equal to the bookings they count with queue numbers 1…n.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Bookings_committed_together_end_as_the_same_arrivals_booked_one_at_a_time(int seed)
    {
        var random = new Random(seed);
        var capacity = random.Next(1, 3);
        var together = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity, weeks: 4);
        var oneByOne = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity, weeks: 4);
        var togetherPeople = new List<string>();
        var oneByOnePeople = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            togetherPeople.Add(await app.RegisteredPersonAsync(together.ProgrammeId));
            oneByOnePeople.Add(await app.RegisteredPersonAsync(oneByOne.ProgrammeId));
        }

        // The first week's session may have started on the factory's start day: weeks 2–4.
        var arrivals = Enumerable.Range(0, random.Next(8, 30)).Select(_ => (Person: random.Next(5), Week: random.Next(1, 4))).ToList();
        var answersTogether = new List<string>();
        for (var next = 0; next < arrivals.Count;)
        {
            var batch = arrivals.Skip(next).Take(random.Next(1, 9)).ToList();
            var written = await WriteTogetherAsync(together, [.. batch.Select(a => (togetherPeople[a.Person], together.SessionIds[a.Week]))]);
            answersTogether.AddRange(written.Select(Answer));
            next += batch.Count;
        }

        var answersOneByOne = new List<string>();
        foreach (var a in arrivals)
        {
            var written = await WriteTogetherAsync(oneByOne, [(oneByOnePeople[a.Person], oneByOne.SessionIds[a.Week])]);
            answersOneByOne.Add(Answer(written[0]));
        }

        answersTogether.ShouldBe(answersOneByOne);
        (await EndStateAsync(together, togetherPeople)).ShouldBe(await EndStateAsync(oneByOne, oneByOnePeople));
    }

    /// <summary>The refusal's code, or what the booking got: a place, or the queue and its number.</summary>
    private static string Answer((BookingAttempt Attempt, BookingResult? Result) written) =>
        written.Result!.Verdict.Refusal?.Error?.Code
        ?? (written.Result.Written ? $"{written.Attempt.Booking.Status} {written.Attempt.Booking.QueueNumber}" : "not written");

    /// <summary>Per week: each person's status and queue number by their index, and the session's counters, checked against its bookings.</summary>
    private async Task<List<string>> EndStateAsync(TestProgramme programme, List<string> people)
    {
        var lookupHash = app.Services.GetRequiredService<NationalIdLookupHash>();
        var ids = await app.QueryAsync(async db =>
        {
            var hashes = people.Select(lookupHash.Of).ToList();
            var found = await db.People.Where(p => hashes.Contains(p.NationalIdHash)).Select(p => new { p.Id, p.NationalIdHash }).ToListAsync();
            return hashes.Select(h => found.Single(f => f.NationalIdHash == h).Id).ToList();
        });
        var state = new List<string>();
        foreach (var sessionId in programme.SessionIds)
        {
            var bookings = await app.BookingsOfAsync(sessionId);
            var session = await app.SessionAsync(sessionId);
            session.Booked.ShouldBeLessThanOrEqualTo(session.Capacity);
            session.Booked.ShouldBe(bookings.Count(b => b.Status == BookingStatus.Booked));
            bookings.Where(b => b.Status == BookingStatus.Waiting).Select(b => b.QueueNumber!.Value).Order()
                .ShouldBe(Enumerable.Range(1, session.Waiting).Select(n => (long)n));
            session.NextQueueNumber.ShouldBe(session.Waiting + 1);
            state.Add(string.Join(",", bookings.OrderBy(b => ids.IndexOf(b.PersonId)).Select(b => $"{ids.IndexOf(b.PersonId)}:{b.Status}:{b.QueueNumber}")));
        }

        return state;
    }

    private Task<(BookingAttempt Attempt, BookingResult? Result)[]> WriteTogetherAsync(TestProgramme programme, Guid sessionId, params string[] nationalIds) =>
        WriteTogetherAsync(programme, sessionId, nationalIds, ignoreWeek: false);

    private Task<(BookingAttempt Attempt, BookingResult? Result)[]> WriteTogetherAsync(
        TestProgramme programme, Guid sessionId, string[] nationalIds, bool ignoreWeek, string? goneSessionFor = null) =>
        WriteTogetherAsync(programme, [.. nationalIds.Select(fnr => (fnr, sessionId))], ignoreWeek, goneSessionFor);

    /// <summary>The arrivals as one batch, each judged by the booking rules, in the given order (everyone registered has a benefit).</summary>
    private async Task<(BookingAttempt Attempt, BookingResult? Result)[]> WriteTogetherAsync(
        TestProgramme programme, IReadOnlyList<(string Fnr, Guid SessionId)> arrivals, bool ignoreWeek = false, string? goneSessionFor = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<ProgrammeBookingOptions>>().Value;
        var batches = scope.ServiceProvider.GetRequiredService<PostgresBookingBatches>();
        var now = app.Clock.GetUtcNow();
        var attempts = new List<BookingAttempt>();
        foreach (var (fnr, sessionId) in arrivals)
        {
            Fodselsnummer.TryParse(fnr, allowSynthetic: true, out var nationalId, out _).ShouldBeTrue();
            var booking = new ProgrammeBooking
            {
                SessionId = sessionId,
                ProgrammeId = programme.ProgrammeId,
                CreatedAt = now,
                CreatedBy = "test",
                StatusChangedAt = now,
                StatusChangedBy = "test",
            };
            var record = new AuditRecord
            {
                At = now,
                Actor = "test",
                Role = "test",
                Resource = $"ProgrammeBooking/{booking.Id}",
                Action = AuditAction.Create,
                Purpose = "test",
                Outcome = AuditOutcome.Success,
                CorrelationId = "test",
            };
            var judge = new BookingJudge(now, Oslo.Today(now), options.NoShowRule, nationalId!.BirthDate, waitingList: true, options);
            attempts.Add(new BookingAttempt(nationalId, hash.Of(fnr), programme.ProgrammeId, fnr == goneSessionFor ? Guid.NewGuid() : sessionId, _ => true,
                DateOnly.MinValue, booking, record, hold => judge.Judge(ignoreWeek ? hold with { Week = [] } : hold, booking, record)));
        }

        var outcomes = await batches.WriteTogetherAsync(attempts);
        outcomes.ShouldAllBe(o => o.Error == null);
        return [.. attempts.Zip(outcomes, (a, o) => (a, o.Result))];
    }

    private async Task<int> AuditRowsAsync(IEnumerable<Guid> bookingIds)
    {
        var resources = bookingIds.Select(id => $"ProgrammeBooking/{id}").ToList();
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AktivDbContext>().AuditRecords.CountAsync(a => resources.Contains(a.Resource));
    }
}
