using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// The event-id keys of seeded attendance (<c>AttendanceEventKeys</c>: one per source and event id, written with the
/// row by every path of the app), added in one statement after a seed wrote its rows in bulk.
/// </summary>
public static class AttendanceEventKeysSeed
{
    public static async Task AddAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO "AttendanceEventKeys" ("SourceId", "ExternalId", "AttendanceRecordId")
            SELECT "SourceId", "ExternalId", "Id" FROM "AttendanceRecords"
            ON CONFLICT ("SourceId", "ExternalId") DO NOTHING
            """);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }
}
