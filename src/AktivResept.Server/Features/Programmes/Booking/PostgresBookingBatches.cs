using System.Threading.Channels;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Configurations;
using AktivResept.Server.Features.Benefits;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// Group commit for bookings on PostgreSQL. Concurrent requests hand their attempts to the node's writers (one by
/// default, <see cref="ProgrammeBookingOptions.BatchWriters"/>); a writer takes what has queued up (at most
/// <see cref="ProgrammeBookingOptions.BatchMaxBookings"/>), asks the benefit registry about its people in one call, and
/// runs it as one transaction in two round trips, without the change tracker:
/// <list type="number">
/// <item><c>BEGIN</c>; the batch's people locked in the order of their national ids' lookup hashes, then their
/// registrations, no-shows, referrals and weeks read, then the sessions locked in id order with their programmes read —
/// one statement each for the whole batch;</item>
/// <item>after each attempt's judge has run, in the order the attempts arrived (a later attempt sees the places and the
/// person's bookings an earlier one took): the accepted bookings, the sessions' counters and the audit rows, one
/// statement each, and <c>COMMIT</c>.</item>
/// </list>
/// The locks are the same as one booking's (person, then session, by row lock: capacity is the database's), only taken
/// for several at once and always in the same order, so batches on several nodes wait for each other and never
/// deadlock. Under READ COMMITTED each statement takes its snapshot when it starts, after the lock statement before it
/// is granted: the reads see every booking of a transaction that held a lock before us. The requests answer when their
/// batch has committed; a batch the one-open-booking index or a deadlock stops is rolled back and its attempts run one
/// by one. Why: one booking's own transaction cost nine statements, four round trips and a durable commit, and half of
/// PostgreSQL's CPU a booking was that per-statement and per-round-trip work (docs/benchmarks.md, booking round 8); and
/// the request's own reads before it — the programme and session, the registry — were the rest of a booking's round
/// trips (round 9).
/// </summary>
public sealed class PostgresBookingBatches : IBookingWriter, IAsyncDisposable
{
    private const string LockPeople = """
        SELECT "NationalIdHash", "Id" FROM "People" WHERE "NationalIdHash" = ANY($1) ORDER BY "NationalIdHash" FOR NO KEY UPDATE
        """;

    /// <summary>Per person, as <see cref="NoShows"/>.</summary>
    private const string Registrations = """
        SELECT p."NationalIdHash", r."ProgrammeId", r."Id", r."PausedUntil" FROM "People" p CROSS JOIN LATERAL (
            SELECT r."ProgrammeId", r."Id", r."PausedUntil" FROM "ProgrammeRegistrations" r
            WHERE r."PersonId" = p."Id" AND r."ProgrammeId" = ANY($2) OFFSET 0) r
        WHERE p."NationalIdHash" = ANY($1)
        """;

    /// <summary>
    /// Per person (a lateral sub-query behind <c>OFFSET 0</c>, which the planner may not flatten): their bookings by the
    /// (person, status) index, then each session by its key. Written as a plain join, the planner's generic plan started
    /// from the sessions in the date range (2–8 ms a batch instead of a tenth of that), and the registrations' started from
    /// every registration of the programme.
    /// </summary>
    private const string NoShows = """
        SELECT p."NationalIdHash", n."ProgrammeId", n."Date" FROM "People" p CROSS JOIN LATERAL (
            SELECT b."ProgrammeId", s."Date" FROM "ProgrammeBookings" b JOIN "ProgrammeSessions" s ON s."Id" = b."SessionId"
            WHERE b."PersonId" = p."Id" AND b."Status" = $3 AND b."ProgrammeId" = ANY($2) AND s."Date" >= $4 OFFSET 0) n
        WHERE p."NationalIdHash" = ANY($1)
        """;

    /// <summary>Per person, as <see cref="NoShows"/>: their programme referrals not withdrawn.</summary>
    private const string Referrals = """
        SELECT p."NationalIdHash", p."Id", r."Id", r."Kommunenummer", r."ValidFrom", r."ValidTo" FROM "People" p CROSS JOIN LATERAL (
            SELECT r."Id", r."Kommunenummer", r."ValidFrom", r."ValidTo" FROM "ProgrammeReferrals" r
            WHERE r."PersonId" = p."Id" AND r."WithdrawnAt" IS NULL OFFSET 0) r
        WHERE p."NationalIdHash" = ANY($1)
        """;

    /// <summary>
    /// Per person and session booked (as <see cref="NoShows"/>): the person's open bookings in the ISO week of that
    /// session's date (Monday = the date less its ISO weekday less one), which the request has not read.
    /// </summary>
    private const string Weeks = """
        SELECT a.hash, a.session, w."SessionId", w."Status", w."Date", w."StartsAt", w."EndsAt"
        FROM unnest($1::text[], $2::uuid[]) AS a(hash, session) CROSS JOIN LATERAL (
            SELECT b."SessionId", b."Status", s."Date", s."StartsAt", s."EndsAt"
            FROM "People" p
            JOIN "ProgrammeSessions" t ON t."Id" = a.session
            JOIN "ProgrammeBookings" b ON b."PersonId" = p."Id"
            JOIN "ProgrammeSessions" s ON s."Id" = b."SessionId"
            WHERE p."NationalIdHash" = a.hash AND b."Status" = ANY($3)
                AND s."Date" >= t."Date" - (extract(isodow FROM t."Date")::int - 1) AND s."Date" <= t."Date" - (extract(isodow FROM t."Date")::int - 1) + 6
            OFFSET 0) w
        """;

    /// <summary>Each session with its programme; only the sessions' rows are locked.</summary>
    private const string LockSessions = """
        SELECT s."Id", s."ProgrammeId", s."SeriesId", s."Date", s."StartsAt", s."EndsAt", s."Capacity", s."Booked", s."Waiting", s."NextQueueNumber",
            s."CancelledAt", s."CancellationReason", s."LastUpdated", p."Kommunenummer", p."ProviderId", p."EndedAt"
        FROM "ProgrammeSessions" s JOIN "Programmes" p ON p."Id" = s."ProgrammeId"
        WHERE s."Id" = ANY($1) ORDER BY s."Id" FOR UPDATE OF s
        """;

    private const string InsertBookings = """
        INSERT INTO "ProgrammeBookings" ("Id", "SessionId", "ProgrammeId", "PersonId", "Status", "QueueNumber", "OfferExpiresAt",
            "CreatedAt", "CreatedBy", "StatusChangedAt", "StatusChangedBy", "Version")
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::timestamptz[],
            $8::timestamptz[], $9::text[], $10::timestamptz[], $11::text[], $12::int[])
        """;

    /// <summary>Each session by its id (an index look-up per id), its values by the id's position in the arrays.</summary>
    private const string UpdateCounters = """
        UPDATE "ProgrammeSessions" SET
            "Booked" = ($2::int[])[array_position($1, "Id")], "Waiting" = ($3::int[])[array_position($1, "Id")],
            "NextQueueNumber" = ($4::bigint[])[array_position($1, "Id")], "LastUpdated" = ($5::timestamptz[])[array_position($1, "Id")]
        WHERE "Id" = ANY($1)
        """;

    private static readonly string[] OpenStatuses = [.. BookingStatuses.Open.Select(s => s.ToString())];

    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>();
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<PostgresBookingBatches> _logger;
    private readonly int _maxBookings;
    private readonly int _writers;
    private readonly Lock _startLock = new();
    private Task[]? _loops;

    public PostgresBookingBatches(
        IConfiguration configuration, IOptions<ProgrammeBookingOptions> options, IServiceScopeFactory scopes, ILogger<PostgresBookingBatches> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _maxBookings = Math.Max(1, options.Value.BatchMaxBookings);
        _writers = Math.Max(1, options.Value.BatchWriters);

        // Its own pool, one connection per writer: the writers never wait on the requests' pool.
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(WriterConnectionString(configuration.GetConnectionString("Default")!, _writers)));
    }

    /// <summary>
    /// The writers' connections, with generic plans always: the batches' statements are written for them (the per-person
    /// lateral fences), and with array parameters PostgreSQL otherwise went on planning each statement afresh for every
    /// batch — 37 % of the writer backend's CPU (docs/benchmarks.md, booking round 9).
    /// </summary>
    internal static string WriterConnectionString(string connectionString, int writers)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseModule.Tuned(connectionString))
        {
            MaxPoolSize = writers,
            ApplicationName = "aktivresept-booking-writer",
        };
        builder.Options = string.Join(' ', new[] { builder.Options, "-c plan_cache_mode=force_generic_plan" }.Where(o => !string.IsNullOrWhiteSpace(o)));
        return builder.ConnectionString;
    }

    public Task<BookingResult> RunAsync(BookingAttempt attempt, CancellationToken ct)
    {
        EnsureStarted();
        var queued = new Queued(attempt, new TaskCompletionSource<BookingResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(queued)
            ? queued.Done.Task
            : Task.FromException<BookingResult>(new ObjectDisposedException(nameof(PostgresBookingBatches), "The booking writers have stopped."));
    }

    private void EnsureStarted()
    {
        if (_loops is not null)
        {
            return;
        }

        lock (_startLock)
        {
            // Not the first booking request's execution context (its HttpContext, its trace): the writers outlive it.
            using (ExecutionContext.SuppressFlow())
            {
                _loops ??= [.. Enumerable.Range(0, _writers).Select(_ => Task.Run(WriteQueuedAsync))];
            }
        }
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<Queued>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            // Whatever queued while this writer's last batch was committing goes in this one.
            while (batch.Count < _maxBookings && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var outcomes = await WriteTogetherAsync(batch.ConvertAll(q => q.Attempt));
            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Result is { } result)
                {
                    batch[i].Done.TrySetResult(result);
                }
                else
                {
                    batch[i].Done.TrySetException(outcomes[i].Error!);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// The attempts as one transaction; if the one-open-booking index or a deadlock stops it, each on its own. The benefit
    /// registry is asked about the batch's people once, before. Every attempt gets its result or its exception.
    /// </summary>
    internal async Task<Outcome[]> WriteTogetherAsync(IReadOnlyList<BookingAttempt> attempts)
    {
        IReadOnlyDictionary<string, IReadOnlyList<BenefitPeriod>> benefits;
        try
        {
            benefits = await BenefitsAsync(attempts);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The benefit registry could not be asked about a batch of {Bookings} bookings", attempts.Count);
            return [.. attempts.Select(_ => new Outcome(null, e))];
        }

        try
        {
            return await WriteAsync(attempts, benefits);
        }
        catch (PostgresException e) when (attempts.Count > 1 && (IsDuplicate(e) || e.SqlState == PostgresErrorCodes.DeadlockDetected))
        {
            _logger.LogWarning(e, "A batch of {Bookings} bookings was stopped ({SqlState}); writing them one by one", attempts.Count, e.SqlState);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A batch of {Bookings} bookings could not be written", attempts.Count);
            return [.. attempts.Select(_ => new Outcome(null, e))];
        }

        var outcomes = new Outcome[attempts.Count];
        for (var i = 0; i < attempts.Count; i++)
        {
            try
            {
                outcomes[i] = (await WriteAsync([attempts[i]], benefits))[0];
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A booking could not be written");
                outcomes[i] = new Outcome(null, e);
            }
        }

        return outcomes;
    }

    /// <summary>The registry's periods for the batch's people, in one call (the registry adapter is scoped: a scope a batch).</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<BenefitPeriod>>> BenefitsAsync(IReadOnlyList<BookingAttempt> attempts)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var people = attempts.Select(a => a.NationalId).DistinctBy(p => p.Value).ToList();
        return await scope.ServiceProvider.GetRequiredService<IBenefitRegistry>().PeriodsForAsync(people, CancellationToken.None);
    }

    private async Task<Outcome[]> WriteAsync(IReadOnlyList<BookingAttempt> attempts, IReadOnlyDictionary<string, IReadOnlyList<BenefitPeriod>> benefits)
    {
        await using var connection = await _dataSource.Value.OpenConnectionAsync();
        var outcomes = new Outcome[attempts.Count];
        var accepted = new List<BookingAttempt>();
        var sessions = new Dictionary<Guid, ProgrammeSession>();
        try
        {
            var holds = await BeginAsync(connection, attempts, benefits);

            // In arrival order, each on the hold as the attempts before it left it: the same session object, the person's
            // week with the bookings accepted before it in this batch.
            var takenInBatch = new Dictionary<string, List<WeekBooking>>(StringComparer.Ordinal);
            for (var i = 0; i < attempts.Count; i++)
            {
                var attempt = attempts[i];
                if (holds[i] is not { } hold)
                {
                    // No such session in the programme (or gone since the request was made), or not the caller's to book in.
                    outcomes[i] = new Outcome(new BookingResult(null, BookingVerdict.NotFound, Written: false), null);
                    continue;
                }

                if (takenInBatch.TryGetValue(attempt.NationalIdHash, out var taken))
                {
                    var (monday, sunday) = WeekBooking.WeekOf(hold.Session.Date);
                    hold.Week.AddRange(taken.Where(w => w.Date >= monday && w.Date <= sunday));
                }

                try
                {
                    var verdict = attempt.Judge(hold);
                    outcomes[i] = new Outcome(new BookingResult(hold, verdict, Written: verdict.Refusal is null), null);
                    if (verdict.Refusal is null)
                    {
                        accepted.Add(attempt);
                        sessions[hold.Session.Id] = hold.Session;
                        var s = hold.Session;
                        (takenInBatch.TryGetValue(attempt.NationalIdHash, out var list) ? list : takenInBatch[attempt.NationalIdHash] = [])
                            .Add(new WeekBooking(s.Id, attempt.Booking.Status, s.Date, s.StartsAt, s.EndsAt));
                    }
                }
                catch (Exception e)
                {
                    // A fault in one attempt's judging is that request's error, not its batch's.
                    outcomes[i] = new Outcome(null, e);
                }
            }

            if (accepted.Count == 0)
            {
                await ExecuteAsync(connection, "ROLLBACK");
                return outcomes;
            }

            try
            {
                await CommitAsync(connection, accepted, sessions.Values);
                return outcomes;
            }
            catch (PostgresException e) when (IsDuplicate(e) && attempts.Count == 1)
            {
                // The write batch stopped at the INSERT: nothing after it ran, and the transaction is aborted.
                await ExecuteAsync(connection, "ROLLBACK");
                return [outcomes[0] with { Result = outcomes[0].Result! with { Written = false } }];
            }
        }
        catch
        {
            await RollbackQuietlyAsync(connection);
            throw;
        }
    }

    /// <summary>
    /// The first round trip: begins, locks the people and reads what the rules need of them, locks the sessions and reads
    /// their programmes. An attempt whose session is not in its programme, or whose programme the caller may not book in,
    /// gets no hold.
    /// </summary>
    private static async Task<BookingHold?[]> BeginAsync(
        NpgsqlConnection connection, IReadOnlyList<BookingAttempt> attempts, IReadOnlyDictionary<string, IReadOnlyList<BenefitPeriod>> benefits)
    {
        var hashes = attempts.Select(a => a.NationalIdHash).Distinct(StringComparer.Ordinal).ToArray();
        var programmes = attempts.Select(a => a.ProgrammeId).Distinct().ToArray();
        var sessionIds = attempts.Select(a => a.SessionId).Distinct().ToArray();
        var pairs = attempts.Select(a => (a.NationalIdHash, a.SessionId)).Distinct().ToList();
        var since = attempts.Min(a => a.NoShowsSince);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand(LockPeople) { Parameters = { new NpgsqlParameter<string[]> { TypedValue = hashes } } },
                new NpgsqlBatchCommand(Registrations)
                {
                    Parameters = { new NpgsqlParameter<string[]> { TypedValue = hashes }, new NpgsqlParameter<Guid[]> { TypedValue = programmes } },
                },
                new NpgsqlBatchCommand(NoShows)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string[]> { TypedValue = hashes },
                        new NpgsqlParameter<Guid[]> { TypedValue = programmes },
                        new NpgsqlParameter<string> { TypedValue = nameof(BookingStatus.NoShow) },
                        new NpgsqlParameter<DateOnly> { TypedValue = since },
                    },
                },
                new NpgsqlBatchCommand(Referrals) { Parameters = { new NpgsqlParameter<string[]> { TypedValue = hashes } } },
                new NpgsqlBatchCommand(Weeks)
                {
                    Parameters =
                    {
                        ArrayParameter.Of(pairs, p => p.NationalIdHash),
                        ArrayParameter.Of(pairs, p => p.SessionId),
                        new NpgsqlParameter<string[]> { TypedValue = OpenStatuses },
                    },
                },
                new NpgsqlBatchCommand(LockSessions) { Parameters = { new NpgsqlParameter<Guid[]> { TypedValue = sessionIds } } },
            },
        };

        // BEGIN has no result set, so the reader starts on the people's locks.
        await using var reader = await batch.ExecuteReaderAsync();
        var people = new Dictionary<string, Guid>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            people[reader.GetString(0)] = reader.GetGuid(1);
        }

        await reader.NextResultAsync();
        var registrations = new Dictionary<(string, Guid), (Guid Id, DateOnly? PausedUntil)>();
        while (await reader.ReadAsync())
        {
            registrations[(reader.GetString(0), reader.GetGuid(1))] = (reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3));
        }

        await reader.NextResultAsync();
        var noShows = new List<(string Hash, Guid Programme, DateOnly Date)>();
        while (await reader.ReadAsync())
        {
            noShows.Add((reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<DateOnly>(2)));
        }

        await reader.NextResultAsync();
        var referrals = new List<(string Hash, ProgrammeReferral Referral)>();
        while (await reader.ReadAsync())
        {
            // Its own person id: a person registered after the people's lock statement took its snapshot may show here.
            referrals.Add((reader.GetString(0), new ProgrammeReferral
            {
                PersonId = reader.GetGuid(1),
                Id = reader.GetGuid(2),
                Kommunenummer = reader.GetString(3),
                ValidFrom = reader.GetFieldValue<DateOnly>(4),
                ValidTo = reader.GetFieldValue<DateOnly>(5),
            }));
        }

        await reader.NextResultAsync();
        var weeks = new List<(string Hash, Guid Target, WeekBooking Booking)>();
        while (await reader.ReadAsync())
        {
            weeks.Add((reader.GetString(0), reader.GetGuid(1), new WeekBooking(reader.GetGuid(2), Enum.Parse<BookingStatus>(reader.GetString(3)),
                reader.GetFieldValue<DateOnly>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6))));
        }

        await reader.NextResultAsync();
        var sessions = new Dictionary<Guid, (Programme Programme, ProgrammeSession Session)>();
        var programmeRows = new Dictionary<Guid, Programme>();
        while (await reader.ReadAsync())
        {
            // One object per session and per programme, shared by every attempt on it: the places one takes, the next sees.
            var programmeId = reader.GetGuid(1);
            if (!programmeRows.TryGetValue(programmeId, out var programme))
            {
                programmeRows[programmeId] = programme = new Programme
                {
                    Id = programmeId,
                    Kommunenummer = reader.GetString(13),
                    ProviderId = reader.IsDBNull(14) ? null : reader.GetGuid(14),
                    EndedAt = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
                };
            }

            var session = new ProgrammeSession
            {
                Id = reader.GetGuid(0),
                ProgrammeId = programmeId,
                SeriesId = reader.GetGuid(2),
                Date = reader.GetFieldValue<DateOnly>(3),
                StartsAt = reader.GetFieldValue<DateTimeOffset>(4),
                EndsAt = reader.GetFieldValue<DateTimeOffset>(5),
                Capacity = reader.GetInt32(6),
                Booked = reader.GetInt32(7),
                Waiting = reader.GetInt32(8),
                NextQueueNumber = reader.GetInt64(9),
                CancelledAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                CancellationReason = reader.IsDBNull(11) ? null : reader.GetString(11),
                LastUpdated = reader.GetFieldValue<DateTimeOffset>(12),
            };
            sessions[session.Id] = (programme, session);
        }

        return [.. attempts.Select(BookingHold? (a) =>
        {
            if (!sessions.TryGetValue(a.SessionId, out var found) || found.Session.ProgrammeId != a.ProgrammeId || !a.MayBookIn(found.Programme))
            {
                return null;
            }

            KnownPerson? person = null;
            if (people.TryGetValue(a.NationalIdHash, out var personId))
            {
                var registration = registrations.TryGetValue((a.NationalIdHash, a.ProgrammeId), out var r) ? r : default((Guid Id, DateOnly? PausedUntil)?);
                person = new KnownPerson(personId, registration?.Id, registration?.PausedUntil,
                    [.. noShows.Where(n => n.Hash == a.NationalIdHash && n.Programme == a.ProgrammeId && n.Date >= a.NoShowsSince).Select(n => n.Date)])
                {
                    Referrals = [.. referrals.Where(x => x.Hash == a.NationalIdHash).Select(x => x.Referral)],
                };
            }

            var week = weeks.Where(w => w.Hash == a.NationalIdHash && w.Target == a.SessionId).Select(w => w.Booking).ToList();
            return new BookingHold(found.Programme, found.Session, person, week, benefits[a.NationalId.Value]);
        })];
    }

    /// <summary>The second round trip: the accepted bookings, the sessions' counters, the audit rows, and the commit.</summary>
    private static async Task CommitAsync(NpgsqlConnection connection, List<BookingAttempt> accepted, IEnumerable<ProgrammeSession> changed)
    {
        var bookings = accepted.ConvertAll(a => a.Booking);
        var sessions = changed.ToList();
        foreach (var booking in bookings)
        {
            // The session's time stamp, as LastUpdatedStamping gives every saved session: its last booking's.
            sessions.First(s => s.Id == booking.SessionId).LastUpdated = booking.CreatedAt;
        }

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InsertBookings)
                {
                    Parameters =
                    {
                        ArrayParameter.Of(bookings, b => b.Id),
                        ArrayParameter.Of(bookings, b => b.SessionId),
                        ArrayParameter.Of(bookings, b => b.ProgrammeId),
                        ArrayParameter.Of(bookings, b => b.PersonId),
                        ArrayParameter.Of(bookings, b => b.Status.ToString()),
                        ArrayParameter.Of(bookings, b => b.QueueNumber),
                        ArrayParameter.Of(bookings, b => b.OfferExpiresAt),
                        ArrayParameter.Of(bookings, b => b.CreatedAt),
                        ArrayParameter.Of(bookings, b => b.CreatedBy),
                        ArrayParameter.Of(bookings, b => b.StatusChangedAt),
                        ArrayParameter.Of(bookings, b => b.StatusChangedBy),
                        ArrayParameter.Of(bookings, b => b.Version),
                    },
                },
                new NpgsqlBatchCommand(UpdateCounters)
                {
                    Parameters =
                    {
                        ArrayParameter.Of(sessions, s => s.Id),
                        ArrayParameter.Of(sessions, s => s.Booked),
                        ArrayParameter.Of(sessions, s => s.Waiting),
                        ArrayParameter.Of(sessions, s => s.NextQueueNumber),
                        ArrayParameter.Of(sessions, s => s.LastUpdated),
                    },
                },
                AuditRecordInsert.Rows(accepted.ConvertAll(a => a.Audit)),
                new NpgsqlBatchCommand("COMMIT"),
            },
        };
        await batch.ExecuteNonQueryAsync();
    }

    private static bool IsDuplicate(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ProgrammeBookingConfiguration.OneOpenBookingIndex };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task RollbackQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "ROLLBACK");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection: the server has rolled the transaction back, and the pool will not reuse it.
            _logger.LogDebug(e, "Rolling back a failed booking batch");
        }
    }

    /// <summary>On shutdown: takes no more attempts and writes what is queued before the process ends.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loops is not null)
        {
            await Task.WhenAll(_loops);
        }

        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }
    }

    /// <summary>An attempt's end: its result, or the exception its request answers with.</summary>
    internal sealed record Outcome(BookingResult? Result, Exception? Error);

    /// <summary>
    /// A request scope's handle on the node's batches: what a scoped registration returns must not be the singleton,
    /// which the scope would dispose.
    /// </summary>
    internal sealed class Shared(PostgresBookingBatches batches) : IBookingWriter
    {
        public Task<BookingResult> RunAsync(BookingAttempt attempt, CancellationToken ct) => batches.RunAsync(attempt, ct);
    }

    private sealed record Queued(BookingAttempt Attempt, TaskCompletionSource<BookingResult> Done);
}
