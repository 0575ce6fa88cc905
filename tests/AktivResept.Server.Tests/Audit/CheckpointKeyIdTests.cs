using System.Text.Json;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// The checkpoint signing key rotates like the person-data key (docs/security.md "Tamper-evident audit log"): a
/// checkpoint names the key id it was signed with, export signs with <c>Audit:CheckpointKeyId</c>, and verify accepts
/// any configured key by id — so checkpoints exported before a rotation still verify until their key is removed.
/// </summary>
public sealed class CheckpointKeyIdTests(AuditApp app) : IClassFixture<AuditApp>
{
    [Fact]
    public async Task A_checkpoint_names_its_key_and_verifies_after_the_key_rotates_until_that_key_is_removed()
    {
        await app.AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await app.SealAsync();
        string k1 = DevelopmentSecrets.NewKey(), k2 = DevelopmentSecrets.NewKey();
        var connection = app.Database.ConnectionString;
        var first = Path.Combine(Path.GetTempPath(), $"audit-checkpoint-{Guid.NewGuid():N}.json");
        var second = Path.Combine(Path.GetTempPath(), $"audit-checkpoint-{Guid.NewGuid():N}.json");
        var legacy = Path.Combine(Path.GetTempPath(), $"audit-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            (await app.RunVerbAsync(["export-audit-checkpoint", legacy])).ExitCode.ShouldBe(0);
            await using (var before = app.On(connection, ("Audit:CheckpointKeys:k1", k1), ("Audit:CheckpointKeyId", "k1")))
            {
                (await app.RunVerbAsync(["export-audit-checkpoint", first], before)).ExitCode.ShouldBe(0);
            }

            KeyIdIn(first).ShouldBe("k1");
            KeyIdIn(legacy).ShouldBeNull("the unnamed Audit:CheckpointKey signs as before");

            await using (var rotated = app.On(connection, ("Audit:CheckpointKeys:k1", k1), ("Audit:CheckpointKeys:k2", k2), ("Audit:CheckpointKeyId", "k2")))
            {
                (await app.RunVerbAsync(["export-audit-checkpoint", second], rotated)).ExitCode.ShouldBe(0);
                KeyIdIn(second).ShouldBe("k2");
                foreach (var file in new[] { first, second, legacy })
                {
                    var run = await app.RunVerbAsync(["verify-audit", "--checkpoint", file], rotated);
                    run.ExitCode.ShouldBe(0, run.ToString());
                }

                var renamed = File.ReadAllText(first).Replace("\"k1\"", "\"k2\"", StringComparison.Ordinal);
                await File.WriteAllTextAsync(first + ".renamed", renamed);
                var forged = await app.RunVerbAsync(["verify-audit", "--checkpoint", first + ".renamed"], rotated);
                forged.ExitCode.ShouldBe(1, "the key id is signed: naming another key does not verify");
            }

            await using var retired = app.On(connection, ("Audit:CheckpointKeys:k2", k2), ("Audit:CheckpointKeyId", "k2"));
            var old = await app.RunVerbAsync(["verify-audit", "--checkpoint", first], retired);
            old.ExitCode.ShouldBe(2);
            old.Error.ShouldContain("Audit:CheckpointKeys:k1 must be set");
            (await app.RunVerbAsync(["verify-audit", "--checkpoint", second], retired)).ExitCode.ShouldBe(0);
        }
        finally
        {
            foreach (var file in new[] { first, second, legacy, first + ".renamed" })
            {
                File.Delete(file);
            }
        }
    }

    private static string? KeyIdIn(string file) =>
        JsonDocument.Parse(File.ReadAllText(file)).RootElement.TryGetProperty("keyId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
}
