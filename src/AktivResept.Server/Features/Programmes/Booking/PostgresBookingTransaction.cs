using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Configurations;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// The booking's transaction on PostgreSQL in two round trips, on the context's connection but without the change
/// tracker: <c>BEGIN</c> with the person's lock (by their national id's lookup hash) and registration, their no-shows,
/// their week and the session's lock in one batch; then the booking's INSERT, the counters' UPDATE, the audit row and
/// <c>COMMIT</c> in another. Under READ COMMITTED each statement takes its snapshot when it starts, i.e. after the lock
/// before it is granted, so the no-show and week reads see every booking of a transaction that held the person's lock
/// before us, and the session's counters are those of the last committer.
/// <c>NO KEY UPDATE</c> on the person conflicts with itself but not with the key-share locks other rows' foreign keys
/// to the person take.
/// Why not EF Core's queries, SaveChanges and a separate commit: they were a fifth of the app's CPU per booking and two
/// more round trips (docs/benchmarks.md, booking rounds 6 and 7). The statements name their columns here; the booking
/// tests on PostgreSQL run this path, SQLite's run <see cref="EfBookingTransaction"/>.
/// </summary>
public sealed class PostgresBookingTransaction(AktivDbContext db) : BookingTransaction
{
    private const string InsertBooking = """
        INSERT INTO "ProgrammeBookings" ("Id", "SessionId", "ProgrammeId", "PersonId", "Status", "QueueNumber", "OfferExpiresAt",
            "CreatedAt", "CreatedBy", "StatusChangedAt", "StatusChangedBy", "Version")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        """;

    private const string UpdateCounters = """
        UPDATE "ProgrammeSessions" SET "Booked" = $1, "Waiting" = $2, "NextQueueNumber" = $3, "LastUpdated" = $4 WHERE "Id" = $5
        """;

    /// <summary>The person by their national id's lookup hash (unique), locked, with their registration for the programme.</summary>
    private const string LockPerson = """
        SELECT p."Id", r."Id", r."PausedUntil"
        FROM "People" p LEFT JOIN "ProgrammeRegistrations" r ON r."PersonId" = p."Id" AND r."ProgrammeId" = $2
        WHERE p."NationalIdHash" = $1 FOR NO KEY UPDATE OF p
        """;

    private const string NoShowDates = """
        SELECT s."Date" FROM "ProgrammeBookings" b JOIN "ProgrammeSessions" s ON s."Id" = b."SessionId"
        WHERE b."PersonId" = (SELECT "Id" FROM "People" WHERE "NationalIdHash" = $1) AND b."ProgrammeId" = $2 AND b."Status" = $3 AND s."Date" >= $4
        """;

    private const string Week = """
        SELECT b."SessionId", b."Status", s."Date", s."StartsAt", s."EndsAt"
        FROM "ProgrammeBookings" b JOIN "ProgrammeSessions" s ON s."Id" = b."SessionId"
        WHERE b."PersonId" = (SELECT "Id" FROM "People" WHERE "NationalIdHash" = $1) AND b."Status" = ANY($2) AND s."Date" >= $3 AND s."Date" <= $4
        """;

    private const string LockSession = """
        SELECT "Capacity", "Booked", "Waiting", "NextQueueNumber", "CancelledAt", "CancellationReason", "StartsAt", "EndsAt", "LastUpdated"
        FROM "ProgrammeSessions" WHERE "Id" = $1 FOR UPDATE
        """;

    private static readonly string[] HoldingNames = Array.ConvertAll(Holding, h => h.ToString());

    private NpgsqlConnection? _connection;
    private bool _inTransaction;

    public override async Task<BookingHold> BeginAsync(string nationalIdHash, Guid programmeId, DateOnly noShowsSince, ProgrammeSession session, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var (monday, sunday) = WeekOf(session);
        await using var batch = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand(LockPerson) { Parameters = { Hash(nationalIdHash), new NpgsqlParameter<Guid> { TypedValue = programmeId } } },
                new NpgsqlBatchCommand(NoShowDates)
                {
                    Parameters =
                    {
                        Hash(nationalIdHash),
                        new NpgsqlParameter<Guid> { TypedValue = programmeId },
                        new NpgsqlParameter<string> { TypedValue = nameof(BookingStatus.NoShow) },
                        new NpgsqlParameter<DateOnly> { TypedValue = noShowsSince },
                    },
                },
                new NpgsqlBatchCommand(Week)
                {
                    Parameters =
                    {
                        Hash(nationalIdHash),
                        new NpgsqlParameter<string[]> { TypedValue = HoldingNames },
                        new NpgsqlParameter<DateOnly> { TypedValue = monday },
                        new NpgsqlParameter<DateOnly> { TypedValue = sunday },
                    },
                },
                new NpgsqlBatchCommand(LockSession) { Parameters = { new NpgsqlParameter<Guid> { TypedValue = session.Id } } },
            },
        };
        _inTransaction = true;
        // BEGIN has no result set, so the reader starts on the person's lock.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        KnownPerson? person = null;
        if (await reader.ReadAsync(ct))
        {
            person = new KnownPerson(
                reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2), []);
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            person?.NoShowDays.Add(reader.GetFieldValue<DateOnly>(0));
        }

        await reader.NextResultAsync(ct);
        var week = new List<WeekBooking>();
        while (await reader.ReadAsync(ct))
        {
            week.Add(new WeekBooking(reader.GetGuid(0), Enum.Parse<BookingStatus>(reader.GetString(1)), reader.GetFieldValue<DateOnly>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        session.Capacity = reader.GetInt32(0);
        session.Booked = reader.GetInt32(1);
        session.Waiting = reader.GetInt32(2);
        session.NextQueueNumber = reader.GetInt64(3);
        session.CancelledAt = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4);
        session.CancellationReason = reader.IsDBNull(5) ? null : reader.GetString(5);
        session.StartsAt = reader.GetFieldValue<DateTimeOffset>(6);
        session.EndsAt = reader.GetFieldValue<DateTimeOffset>(7);
        session.LastUpdated = reader.GetFieldValue<DateTimeOffset>(8);
        return new BookingHold(person, week, session);
    }

    private static NpgsqlParameter<string> Hash(string nationalIdHash) => new() { TypedValue = nationalIdHash };

    public override async Task<bool> CommitAsync(ProgrammeBooking booking, ProgrammeSession session, AuditRecord audit, DateTimeOffset now, CancellationToken ct)
    {
        // The session's time stamp, as LastUpdatedStamping gives every saved session.
        session.LastUpdated = now;
        await using var batch = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InsertBooking)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<Guid> { TypedValue = booking.Id },
                        new NpgsqlParameter<Guid> { TypedValue = booking.SessionId },
                        new NpgsqlParameter<Guid> { TypedValue = booking.ProgrammeId },
                        new NpgsqlParameter<Guid> { TypedValue = booking.PersonId },
                        new NpgsqlParameter<string> { TypedValue = booking.Status.ToString() },
                        new NpgsqlParameter { Value = (object?)booking.QueueNumber ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                        new NpgsqlParameter { Value = (object?)booking.OfferExpiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        new NpgsqlParameter<DateTimeOffset> { TypedValue = booking.CreatedAt },
                        new NpgsqlParameter<string> { TypedValue = booking.CreatedBy },
                        new NpgsqlParameter<DateTimeOffset> { TypedValue = booking.StatusChangedAt },
                        new NpgsqlParameter<string> { TypedValue = booking.StatusChangedBy },
                        new NpgsqlParameter<int> { TypedValue = booking.Version },
                    },
                },
                new NpgsqlBatchCommand(UpdateCounters)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<int> { TypedValue = session.Booked },
                        new NpgsqlParameter<int> { TypedValue = session.Waiting },
                        new NpgsqlParameter<long> { TypedValue = session.NextQueueNumber },
                        new NpgsqlParameter<DateTimeOffset> { TypedValue = session.LastUpdated },
                        new NpgsqlParameter<Guid> { TypedValue = session.Id },
                    },
                },
                AuditRecordInsert.Command(audit),
                new NpgsqlBatchCommand("COMMIT"),
            },
        };
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
            _inTransaction = false;
            return true;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ProgrammeBookingConfiguration.OneOpenBookingIndex })
        {
            // The batch stopped at the INSERT: nothing after it ran, and the transaction is aborted.
            await RollbackAsync(ct);
            return false;
        }
    }

    public override async Task RollbackAsync(CancellationToken ct)
    {
        if (!_inTransaction)
        {
            return;
        }

        await using var rollback = new NpgsqlCommand("ROLLBACK", _connection);
        await rollback.ExecuteNonQueryAsync(ct);
        _inTransaction = false;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            // Left open only by an exception (a cancelled request, a lost connection): give the connection back clean.
            await RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection: the server has rolled the transaction back, and the pool will not reuse it.
        }

        await db.Database.CloseConnectionAsync();
    }
}
