using System.Text.Json;
using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Cli;

/// <summary>
/// The audit log's integrity (docs/security.md "Tamper-evident audit log"): <c>verify-audit [--checkpoint FILE]</c>
/// recomputes the hash chain and names the first broken sequence number (exit 1); <c>export-audit-checkpoint FILE</c>
/// writes the last sealed sequence number and hash, HMAC-signed with <c>Audit:CheckpointKey</c>. And <c>migrate</c>:
/// as the owner role when <c>ConnectionStrings:Owner</c> is set, then the grants for <c>Database:AppRole</c>.
/// </summary>
public static class AuditVerbs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> VerifyAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        AuditCheckpoint? checkpoint = null;
        if (args.Length > 1)
        {
            if (args.Length != 3 || args[1] != "--checkpoint")
            {
                await error.WriteLineAsync("usage: verify-audit [--checkpoint FILE]");
                return 2;
            }

            checkpoint = await ReadCheckpointAsync(args[2], error, ct);
            if (checkpoint is null)
            {
                return 2;
            }

            if (KeyOf(services, checkpoint.KeyId, error) is not { } key)
            {
                return 2;
            }

            if (!checkpoint.IsSignedWith(key))
            {
                await error.WriteLineAsync($"checkpoint {args[2]}: the signature does not match; the file was changed or signed with another key.");
                return 1;
            }
        }

        var reader = services.GetRequiredService<AuditChainReader>();
        var report = await reader.VerifyAsync(ct);
        var verdict = report.Verification;
        if (!verdict.Intact)
        {
            await error.WriteLineAsync($"audit chain broken at sequence {verdict.FirstBroken}: {Describe(verdict.Break!.Value)} ({verdict.Verified} row(s) before it verify).");
            return 1;
        }

        if (checkpoint is not null)
        {
            var sealedHash = await reader.HashAtAsync(checkpoint.Sequence, ct);
            if (sealedHash is null)
            {
                await error.WriteLineAsync($"audit chain broken at sequence {report.LastSequence + 1}: the chain ends at {report.LastSequence}, before the checkpoint's {checkpoint.Sequence}.");
                return 1;
            }

            if (!string.Equals(Convert.ToHexStringLower(sealedHash), checkpoint.Hash, StringComparison.Ordinal))
            {
                await error.WriteLineAsync($"audit chain broken at sequence {checkpoint.Sequence}: the sealed hash differs from the checkpoint of {checkpoint.ExportedAt:O}; the chain was rewritten at or before it.");
                return 1;
            }
        }

        await output.WriteLineAsync(
            $"audit chain intact: {report.Verification.Verified} sealed row(s), last sequence {report.LastSequence}; {report.Unsealed} row(s) not sealed yet"
            + (checkpoint is null ? "." : $"; matches the checkpoint at sequence {checkpoint.Sequence}."));
        return 0;
    }

    public static async Task<int> ExportCheckpointAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args.Length != 2)
        {
            await error.WriteLineAsync("usage: export-audit-checkpoint FILE");
            return 2;
        }

        var keyId = services.GetRequiredService<IOptions<AuditOptions>>().Value.CheckpointKeyId is { Length: > 0 } named ? named : null;
        if (KeyOf(services, keyId, error) is not { } key)
        {
            return 2;
        }

        var reader = services.GetRequiredService<AuditChainReader>();
        if (await reader.LastAsync(ct) is not { } last)
        {
            await error.WriteLineAsync("no audit row is sealed yet; nothing to checkpoint.");
            return 1;
        }

        var checkpoint = AuditCheckpoint.Create(last.Sequence, last.Hash, services.GetRequiredService<TimeProvider>().GetUtcNow(), key, keyId);
        await File.WriteAllTextAsync(args[1], JsonSerializer.Serialize(checkpoint, Json), ct);
        await output.WriteLineAsync($"checkpoint at sequence {checkpoint.Sequence} written to {args[1]}.");
        return 0;
    }

    /// <summary>Migrates as the owner role when one is configured, then grants the application's role its rights.</summary>
    public static async Task<int> MigrateAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var db = services.GetRequiredService<AktivDbContext>();
        var ownerConnection = configuration.GetConnectionString(DatabaseRoles.OwnerConnectionName);
        var appRole = configuration[DatabaseRoles.AppRoleSetting];
        if (db.IsSqlite())
        {
            await db.Database.MigrateAsync(ct);
            await output.WriteLineAsync("Database migrated.");
            return 0;
        }

        if (appRole is { Length: > 0 } && !DatabaseRoles.IsValidRoleName(appRole))
        {
            await error.WriteLineAsync($"{DatabaseRoles.AppRoleSetting} '{appRole}' is not a plain PostgreSQL role name.");
            return 2;
        }

        await using var owner = ownerConnection is { Length: > 0 }
            ? new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql(ownerConnection).Options)
            : null;
        var migrator = (AktivDbContext?)owner ?? db;
        await migrator.Database.MigrateAsync(ct);
        if (appRole is { Length: > 0 })
        {
            await DatabaseRoles.GrantAppRoleAsync(migrator, appRole, ct);
            await output.WriteLineAsync($"Database migrated; role {appRole} may read and write the data and only append to the audit log.");
            return 0;
        }

        await output.WriteLineAsync("Database migrated.");
        return 0;
    }

    /// <summary>The checkpoint key by id (null: the unnamed <c>Audit:CheckpointKey</c>), or null after saying which setting is missing.</summary>
    private static byte[]? KeyOf(IServiceProvider services, string? keyId, TextWriter error)
    {
        var options = services.GetRequiredService<IOptions<AuditOptions>>().Value;
        var (setting, configured) = keyId is null
            ? ("Audit:CheckpointKey", options.CheckpointKey)
            : ($"Audit:CheckpointKeys:{keyId}", options.CheckpointKeys.GetValueOrDefault(keyId));
        try
        {
            if (configured is { Length: > 0 } && Convert.FromBase64String(configured) is { Length: >= 32 } key)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        error.WriteLine($"{setting} must be set (base64, at least 32 bytes), from the secret store or the environment ({setting.Replace(":", "__", StringComparison.Ordinal)}).");
        return null;
    }

    private static async Task<AuditCheckpoint?> ReadCheckpointAsync(string file, TextWriter error, CancellationToken ct)
    {
        try
        {
            var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(await File.ReadAllTextAsync(file, ct), Json);
            if (checkpoint is { Sequence: > 0, Hash.Length: 64, Signature.Length: > 0 })
            {
                return checkpoint;
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"checkpoint {file}: {e.Message}");
            return null;
        }

        await error.WriteLineAsync($"checkpoint {file}: not a checkpoint written by export-audit-checkpoint.");
        return null;
    }

    private static string Describe(AuditBreak kind) => kind switch
    {
        AuditBreak.Changed => "the row was changed or moved",
        AuditBreak.Deleted => "the row was deleted",
        _ => "the row and its seal are missing or out of order",
    };
}
