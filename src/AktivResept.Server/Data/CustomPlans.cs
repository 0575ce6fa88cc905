using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AktivResept.Server.Data;

/// <summary>
/// Plans every statement of a bulk read for its own parameters while it lasts (PostgreSQL's
/// <c>plan_cache_mode = force_custom_plan</c>), on the context's connection, which stays open until disposed.
/// <para>
/// Why: the connection string auto-prepares repeated statements (<c>DatabaseModule</c>), and after five executions of a
/// prepared statement PostgreSQL may switch to a generic plan. For a chunked read with <c>= ANY($1)</c> over thousands
/// of ids a generic plan cannot hash the array (only a constant array is hashed), so a sequential scan compares every
/// row with every id: measured at full scale (docs/benchmarks.md, research export), one 50,000-id chunk of the
/// attendance read took 254 s instead of 1.5 s. A custom plan costs a few milliseconds of planning per chunk.
/// </para>
/// <para>
/// Pooled connections are not reset when returned (<c>No Reset On Close</c>), so the setting is reset on dispose; a
/// connection that breaks meanwhile is discarded by the pool. SQLite has no plan cache of this kind: nothing is done.
/// </para>
/// </summary>
public sealed class CustomPlans : IAsyncDisposable
{
    private readonly AktivDbContext? db;

    private CustomPlans(AktivDbContext? db) => this.db = db;

    public static async Task<CustomPlans> BeginAsync(AktivDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection() is not NpgsqlConnection)
        {
            return new CustomPlans(null);
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SET plan_cache_mode = force_custom_plan", ct);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }

        return new CustomPlans(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (db is null)
        {
            return;
        }

        try
        {
            await db.Database.ExecuteSqlRawAsync("RESET plan_cache_mode");
        }
        catch (NpgsqlException)
        {
            // A transaction the read failed in refuses every statement until it ends; the error that failed it is the
            // one to report, not this. The connection then keeps planning per execution: slower planning, same answers.
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
