using AktivResept.Server.Common.Audit;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// The sealer looks past the last sealed row on every pass and back over the late-commit window only every
/// <c>Audit:LateCommitSweepSeconds</c> (docs/security.md "Sealing"): a row whose transaction committed after rows with
/// higher ids were sealed is chained by the next sweep, not lost and not sealed twice.
/// </summary>
[PostgresOnly("a late commit in id order needs concurrent writers; the test reserves an id from PostgreSQL's identity sequence")]
public sealed class AuditLateCommitTests : IAsyncLifetime
{
    private readonly AuditApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_row_committed_after_higher_ids_were_sealed_is_chained_by_the_next_sweep_and_only_then()
    {
        await _app.SealAsync();

        // A writer takes its id, then commits only after others have written and been sealed.
        var reserved = await _app.QueryAsync(db => db.Database
            .SqlQueryRaw<long>("""SELECT nextval(pg_get_serial_sequence('"AuditRecords"', 'Id')) AS "Value" """).SingleAsync());
        await IssueAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(5));
        await _app.SealAsync();
        (await UnsealedAsync()).ShouldBe(0);
        var lastSealed = await _app.QueryAsync(db => db.AuditSeals.MaxAsync(s => s.AuditRecordId));
        lastSealed.ShouldBeGreaterThan(reserved);

        await _app.QueryAsync(db =>
        {
            db.AuditRecords.Add(new AuditRecord
            {
                Id = reserved,
                At = _app.Clock.GetUtcNow(),
                Actor = "test",
                Role = "none",
                Resource = "Test/late",
                Action = "read",
                Purpose = "system",
                CorrelationId = "late",
            });
            return db.SaveChangesAsync();
        });

        _app.Clock.Advance(TimeSpan.FromSeconds(10));
        await _app.SealAsync();
        (await IsSealedAsync(reserved)).ShouldBeFalse("between sweeps a pass looks only past the last sealed row");

        _app.Clock.Advance(TimeSpan.FromSeconds(61));
        await _app.SealAsync();
        (await IsSealedAsync(reserved)).ShouldBeTrue("the sweep looks back over the window");
        (await UnsealedAsync()).ShouldBe(0);
        (await _app.QueryAsync(db => db.AuditSeals.CountAsync(s => s.AuditRecordId == reserved))).ShouldBe(1);

        // The chain now ends with the late row, below ids sealed before it: the next pass (no sweep) starts past the
        // highest sealed id, seals what came since and nothing twice.
        await IssueAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(5));
        await _app.SealAsync();
        (await UnsealedAsync()).ShouldBe(0);
        (await _app.QueryAsync(db => db.AuditSeals.GroupBy(s => s.AuditRecordId).CountAsync(g => g.Count() > 1))).ShouldBe(0);

        var verify = await _app.RunVerbAsync(["verify-audit"]);
        verify.ExitCode.ShouldBe(0, verify.ToString());
    }

    private async Task IssueAsync()
    {
        var gp = _app.AsGp();
        var tomorrow = DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), start: tomorrow));
        (await gp.GetAsync($"/api/prescriptions/{id}")).EnsureSuccessStatusCode();
    }

    private Task<bool> IsSealedAsync(long id) => _app.QueryAsync(db => db.AuditSeals.AnyAsync(s => s.AuditRecordId == id));

    private Task<int> UnsealedAsync() =>
        _app.QueryAsync(db => db.AuditRecords.CountAsync(a => !db.AuditSeals.Any(s => s.AuditRecordId == a.Id)));
}
