using System.Globalization;
using System.Text;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// Statements PostgreSQL ran for this database in a timed phase, per request, with the most frequent ones, from
/// pg_stat_statements when the cluster loads it (<c>BENCH_PG_OPTS="-c shared_preload_libraries=pg_stat_statements"</c>);
/// otherwise it says so. BEGIN and COMMIT count as statements; a batch of several counts each.
/// </summary>
internal sealed class StatementCounter(NpgsqlDataSource? dataSource)
{
    public static async Task<StatementCounter> StartAsync(NpgsqlDataSource dataSource)
    {
        try
        {
            await using (var create = dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using var reset = dataSource.CreateCommand("SELECT pg_stat_statements_reset()");
            await reset.ExecuteNonQueryAsync();
            return new StatementCounter(dataSource);
        }
        catch (PostgresException)
        {
            return new StatementCounter(null);
        }
    }

    public async Task<string> ReportAsync(int requests)
    {
        if (dataSource is null)
        {
            return "Statements: pg_stat_statements not loaded (BENCH_PG_OPTS=\"-c shared_preload_libraries=pg_stat_statements\").";
        }

        await using var command = dataSource.CreateCommand("""
            SELECT calls, total_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY calls DESC
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long Calls, double Ms, string Query)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetString(2)));
        }

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Statements (pg_stat_statements): {rows.Sum(r => r.Calls):N0} = {(double)rows.Sum(r => r.Calls) / requests:N1} per request, executor time {rows.Sum(r => r.Ms) / requests:N3} ms per request. Most frequent:");
        foreach (var (calls, ms, query) in rows.Take(14))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {(double)calls / requests,5:N2}/request {ms / Math.Max(1, calls),7:N3} ms  {query}");
        }

        return text.ToString();
    }
}
