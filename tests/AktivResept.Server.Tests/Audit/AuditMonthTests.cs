using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Retention;
using AktivResept.Server.Data;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// The audit log by month (issue 22, docs/security.md "Partitions"): each UTC month has its own chain from its own
/// genesis, a month is closed only after its grace so a row stamped before midnight and committed after is still in it,
/// <c>verify-audit</c> checks every month or one, and retention drops only closed months past their time. Each test
/// has a database of its own, because each moves the clock through months.
/// </summary>
public sealed class AuditMonthTests : IAsyncLifetime
{
    private static readonly DateOnly November = new(2026, 11, 1);
    private static readonly DateOnly December = new(2026, 12, 1);

    private readonly AuditApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Each_month_is_chained_from_its_own_genesis_and_closed_only_after_its_grace_with_late_commits_in_it()
    {
        await IssueAsync();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 20, 0, TimeSpan.Zero));
        // A row stamped a second before midnight whose transaction committed after it.
        await AddRowAsync(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));
        await IssueAsync();

        await _app.SealAsync();

        (await _app.QueryAsync(db => db.AuditMonthSeals.CountAsync())).ShouldBe(0, "November's grace is not over");
        var novemberRows = await RowsInAsync(November);
        var seals = await _app.QueryAsync(db => db.AuditSeals.GroupBy(s => s.Month).Select(g => new { Month = g.Key, Count = g.Count(), Max = g.Max(s => s.Sequence) }).ToListAsync());
        seals.Single(s => s.Month == November).ShouldSatisfyAllConditions(s => s.Count.ShouldBe(novemberRows), s => s.Max.ShouldBe(novemberRows));
        seals.Single(s => s.Month == December).Max.ShouldBe(await RowsInAsync(December));

        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        await _app.SealAsync();

        var closing = await _app.QueryAsync(db => db.AuditMonthSeals.SingleAsync());
        closing.Month.ShouldBe(November);
        closing.LastSequence.ShouldBe(novemberRows);
        var all = await _app.RunVerbAsync(["verify-audit"]);
        all.ExitCode.ShouldBe(0, all.ToString());
        all.Output.ShouldContain($"2026-11 to sequence {novemberRows} (closed)");
        all.Output.ShouldContain("2026-12 to sequence");
        var one = await _app.RunVerbAsync(["verify-audit", "--month", "2026-12"]);
        one.ExitCode.ShouldBe(0, one.ToString());
        one.Output.ShouldContain("in 1 month(s)");
        one.Output.ShouldNotContain("2026-11");
    }

    [Fact]
    public async Task A_closed_month_cut_short_row_and_seal_together_is_named_at_the_first_missing_sequence()
    {
        await IssueAsync();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        await IssueAsync();
        await _app.SealAsync();
        var last = await _app.QueryAsync(db => db.AuditSeals.Where(s => s.Month == November).OrderByDescending(s => s.Sequence).FirstAsync());

        // As the owner: the row and its seal go together, so November's chain on its own still verifies up to its new end.
        await _app.QueryAsync(async db =>
        {
            await db.AuditRecords.Where(a => a.Id == last.AuditRecordId).ExecuteDeleteAsync();
            return await db.AuditSeals.Where(s => s.Month == November && s.Sequence == last.Sequence).ExecuteDeleteAsync();
        });
        var run = await _app.RunVerbAsync(["verify-audit"]);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Error.ShouldContain($"audit month 2026-11: broken at sequence {last.Sequence}: the chain ends at {last.Sequence - 1}, before the month's closing at {last.Sequence}");
    }

    [Fact]
    public async Task A_checkpoint_of_a_closed_month_is_final_and_names_its_month()
    {
        await IssueAsync();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        await IssueAsync();
        await _app.SealAsync();
        var file = Path.Combine(Path.GetTempPath(), $"audit-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            var export = await _app.RunVerbAsync(["export-audit-checkpoint", file, "--month", "2026-11"]);
            export.ExitCode.ShouldBe(0, export.ToString());
            export.Output.ShouldContain($"checkpoint of 2026-11 (closed: final) at sequence {await RowsInAsync(November)}");
            (await File.ReadAllTextAsync(file)).ShouldContain("\"month\": \"2026-11\"");

            await IssueAsync();
            await _app.SealAsync();
            var run = await _app.RunVerbAsync(["verify-audit", "--checkpoint", file]);

            run.ExitCode.ShouldBe(0, run.ToString());
            run.Output.ShouldContain($"matches the checkpoint of 2026-11 at sequence {await RowsInAsync(November)}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Retention_drops_a_closed_month_past_its_time_keeps_one_not_closed_and_what_remains_verifies()
    {
        await IssueAsync();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await _app.SealAsync();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 9, 0, 0, TimeSpan.Zero));
        await IssueAsync();
        var novemberRows = await RowsInAsync(November);
        var decemberRows = await RowsInAsync(December);
        // December is sealed as far as it goes but never closed: the sealer is not run after the month is over.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditSealingJob>().SealBatchAsync(CancellationToken.None);
        }

        // Past twelve months' retention for both November and December 2026.
        _app.Clock.SetUtcNow(new DateTimeOffset(2028, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await using var shortRetention = _app.On(_app.Database.ConnectionString, ("Retention:AuditMonths", "12"));
        RetentionRun run;
        await using (var scope = shortRetention.Services.CreateAsyncScope())
        {
            run = await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
        }

        run.AuditMonths.ShouldBe(1);
        (await RowsInAsync(November)).ShouldBe(0);
        (await RowsInAsync(December)).ShouldBe(decemberRows);
        (await _app.QueryAsync(db => db.AuditSeals.CountAsync(s => s.Month == November))).ShouldBe(0);
        (await _app.QueryAsync(db => db.AuditMonthSeals.SingleAsync(m => m.Month == November))).DroppedAt.ShouldBe(_app.Clock.GetUtcNow());
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Retention/audit/2026-11/{novemberRows}"))).ShouldBe(1);
        if (!_app.Database.IsSqlite)
        {
            (await PartitionExistsAsync(AuditPartitions.RecordsPartition(November))).ShouldBeFalse();
            (await PartitionExistsAsync(AuditPartitions.SealsPartition(November))).ShouldBeFalse();
            (await PartitionExistsAsync(AuditPartitions.RecordsPartition(December))).ShouldBeTrue();
        }

        var verify = await _app.RunVerbAsync(["verify-audit"]);
        verify.ExitCode.ShouldBe(0, verify.ToString());
        verify.Output.ShouldContain("dropped by retention: 2026-11");

        // Nothing else is due: a second pass drops nothing.
        await using (var scope = shortRetention.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None)).AuditMonths.ShouldBe(0);
        }
    }

    private async Task IssueAsync()
    {
        var gp = _app.AsGp();
        var tomorrow = DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), start: tomorrow));
        (await gp.GetAsync($"/api/prescriptions/{id}")).EnsureSuccessStatusCode();
    }

    private async Task AddRowAsync(DateTimeOffset at) =>
        await _app.QueryAsync(db =>
        {
            db.AuditRecords.Add(new AuditRecord { At = at, Actor = "test", Role = "none", Resource = "Test/late", Action = "read", Purpose = "system", CorrelationId = "late" });
            return db.SaveChangesAsync();
        });

    private Task<int> RowsInAsync(DateOnly month)
    {
        var start = Domain.Audit.AuditMonth.Start(month);
        var end = Domain.Audit.AuditMonth.End(month);
        return _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.At >= start && a.At < end));
    }

    private Task<bool> PartitionExistsAsync(string name) =>
        _app.QueryAsync(async db => await db.Database
            .SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'audit' AND c.relname = {name}")
            .SingleAsync() > 0);
}
