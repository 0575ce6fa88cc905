using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// The audit log's hash chain on the running app: requests only append rows, the sealing job chains them afterwards,
/// and <c>verify-audit</c> / <c>export-audit-checkpoint</c> report on it (issue 22; docs/security.md).
/// </summary>
public sealed class AuditChainTests(AuditApp app) : IClassFixture<AuditApp>
{
    [Fact]
    public async Task Requests_leave_their_rows_unsealed_and_the_sealing_job_chains_every_one_in_order()
    {
        await app.SealAsync();
        var gp = app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.GetAsync($"/api/prescriptions/{id}")).EnsureSuccessStatusCode();

        var unsealed = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Resource == $"Prescription/{id}" && !db.AuditSeals.Any(s => s.AuditRecordId == a.Id)).CountAsync());
        unsealed.ShouldBe(2);

        await app.SealAsync();

        var seals = await app.QueryAsync(db => db.AuditSeals.OrderBy(s => s.Sequence).ToListAsync());
        var rows = await app.QueryAsync(db => db.AuditRecords.CountAsync());
        seals.Count.ShouldBe(rows);
        seals.Select(s => s.Sequence).ShouldBe(Enumerable.Range(1, rows).Select(i => (long)i));
        seals.ShouldAllBe(s => s.Hash.Length == 32);
        seals.Select(s => Convert.ToHexString(s.Hash)).Distinct().Count().ShouldBe(rows);
    }

    [Fact]
    public async Task Verify_audit_reports_an_intact_chain_and_the_rows_still_to_seal()
    {
        await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await app.SealAsync();
        await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        var unsealed = await app.QueryAsync(db => db.AuditRecords.CountAsync(a => !db.AuditSeals.Any(s => s.AuditRecordId == a.Id)));

        var run = await app.RunVerbAsync(["verify-audit"]);

        unsealed.ShouldBeGreaterThan(0);
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Output.ShouldContain("audit chain intact");
        run.Output.ShouldContain($"{unsealed} row(s) not sealed yet");
    }

    [Fact]
    public async Task A_checkpoint_is_signed_and_verifies_against_the_chain_it_was_taken_from()
    {
        await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await app.SealAsync();
        var file = Path.Combine(Path.GetTempPath(), $"audit-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            var export = await app.RunVerbAsync(["export-audit-checkpoint", file]);
            export.ExitCode.ShouldBe(0, export.ToString());
            var last = await app.QueryAsync(db => db.AuditSeals.MaxAsync(s => s.Sequence));
            export.Output.ShouldContain($"sequence {last}");

            var run = await app.RunVerbAsync(["verify-audit", "--checkpoint", file]);
            run.ExitCode.ShouldBe(0, run.ToString());
            var month = AktivResept.Domain.Audit.AuditMonth.Label(await app.QueryAsync(db => db.AuditSeals.OrderByDescending(s => s.Month).ThenByDescending(s => s.Sequence).Select(s => s.Month).FirstAsync()));
            run.Output.ShouldContain($"matches the checkpoint of {month} at sequence {last}.");

            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, text.Replace($"\"sequence\": {last}", $"\"sequence\": {last - 1}", StringComparison.Ordinal));
            var forged = await app.RunVerbAsync(["verify-audit", "--checkpoint", file]);
            forged.ExitCode.ShouldBe(1, forged.ToString());
            forged.Error.ShouldContain("signature does not match");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_checkpoint_verbs_refuse_to_run_without_a_key_from_configuration()
    {
        await using var keyless = app.On(app.Database.ConnectionString, ("Audit:CheckpointKey", ""));

        var run = await app.RunVerbAsync(["export-audit-checkpoint", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json")], keyless);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("Audit:CheckpointKey must be set");
    }
}
