using AktivResept.Server.Data;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AktivResept.Server.Tests.Data;

/// <summary>
/// Chunked bulk reads are planned per execution while they last, and the pooled connection they used is handed back
/// as it was: pooled connections are not reset on return (<c>No Reset On Close</c>), so a setting left behind would
/// follow every later request that gets that connection. One physical connection (pool of one) makes "the same
/// connection afterwards" certain; the pool is a data source of the test's own, which the
/// <c>NpgsqlConnection.ClearAllPools</c> other test classes call beside it does not empty (it did once, and the
/// connection afterwards was a new one).
/// </summary>
public sealed class CustomPlansTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    [PostgresOnly("plan_cache_mode is PostgreSQL's; SQLite has no such plan cache and CustomPlans does nothing there.")]
    public async Task Statements_inside_are_planned_per_execution_and_the_connection_is_reset_afterwards()
    {
        await using var pool = await PoolOfOneAsync();
        await using var db = Context(pool);
        (await PlanCacheModeAsync(db)).ShouldBe("auto");
        var pid = await BackendAsync(db);

        await using (await CustomPlans.BeginAsync(db, CancellationToken.None))
        {
            (await PlanCacheModeAsync(db)).ShouldBe("force_custom_plan");
        }

        (await BackendAsync(db)).ShouldBe(pid);
        (await PlanCacheModeAsync(db)).ShouldBe("auto");
    }

    [Fact]
    [PostgresOnly("plan_cache_mode is PostgreSQL's; SQLite has no such plan cache and CustomPlans does nothing there.")]
    public async Task A_read_that_fails_inside_still_hands_the_connection_back_reset()
    {
        await using var pool = await PoolOfOneAsync();
        await using var db = Context(pool);
        var pid = await BackendAsync(db);

        await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using (await CustomPlans.BeginAsync(db, CancellationToken.None))
            {
                (await PlanCacheModeAsync(db)).ShouldBe("force_custom_plan");
                throw new InvalidOperationException("the read failed");
            }
        });

        (await BackendAsync(db)).ShouldBe(pid);
        (await PlanCacheModeAsync(db)).ShouldBe("auto");
    }

    private async Task<NpgsqlDataSource> PoolOfOneAsync()
    {
        var connection = await app.QueryAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection) { MaxPoolSize = 1, NoResetOnClose = true, ApplicationName = nameof(CustomPlansTests) });
    }

    private static PostgresAktivDbContext Context(NpgsqlDataSource pool) =>
        new(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql(pool).Options);

    private static Task<string> PlanCacheModeAsync(AktivDbContext db) =>
        db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync();

    private static Task<int> BackendAsync(AktivDbContext db) =>
        db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
}
