using System.Text.Json;
using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Cli;

/// <summary>
/// The audit log's integrity (docs/security.md "Tamper-evident audit log"): <c>verify-audit [--month YYYY-MM]
/// [--checkpoint FILE]</c> recomputes every month's hash chain (or one month's) and names the month and first broken
/// sequence number (exit 1); <c>export-audit-checkpoint FILE [--month YYYY-MM]</c> writes a month's last sealed
/// sequence number and hash, HMAC-signed with <c>Audit:CheckpointKey</c>. And <c>migrate</c>:
/// as the owner role when <c>ConnectionStrings:Owner</c> is set, then the grants for <c>Database:AppRole</c>.
/// </summary>
public static class AuditVerbs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> VerifyAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        const string Usage = "usage: verify-audit [--month YYYY-MM] [--checkpoint FILE]";
        if (!TryOptions(args, ["--month", "--checkpoint"], out var options) || !TryMonth(options, out var only))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        AuditCheckpoint? checkpoint = null;
        DateOnly checkpointMonth = default;
        if (options.TryGetValue("--checkpoint", out var file))
        {
            checkpoint = await ReadCheckpointAsync(file, error, ct);
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
                await error.WriteLineAsync($"checkpoint {file}: the signature does not match; the file was changed or signed with another key.");
                return 1;
            }
        }

        var reader = services.GetRequiredService<AuditChainReader>();
        var report = await reader.VerifyAsync(ct, only);
        if (report.Broken is { } broken)
        {
            var verdict = broken.Verification;
            await error.WriteLineAsync(
                $"audit month {AuditMonth.Label(broken.Month)}: broken at sequence {verdict.FirstBroken}: {broken.Problem ?? Describe(verdict.Break!.Value)} ({verdict.Verified} row(s) before it verify).");
            return 1;
        }

        if (checkpoint is not null)
        {
            // A checkpoint from before partitioning names no month: it is read as the latest month's.
            checkpointMonth = AuditMonth.TryParse(checkpoint.Month, out var named) ? named : report.Months.Count > 0 ? report.Months[^1].Month : default;
            var lastOfMonth = report.Months.FirstOrDefault(m => m.Month == checkpointMonth)?.LastSequence ?? 0;
            var label = AuditMonth.Label(checkpointMonth);
            var sealedHash = await reader.HashAtAsync(checkpointMonth, checkpoint.Sequence, ct);
            if (sealedHash is null)
            {
                await error.WriteLineAsync($"audit month {label}: broken at sequence {lastOfMonth + 1}: the chain ends at {lastOfMonth}, before the checkpoint's {checkpoint.Sequence}.");
                return 1;
            }

            if (!string.Equals(Convert.ToHexStringLower(sealedHash), checkpoint.Hash, StringComparison.Ordinal))
            {
                await error.WriteLineAsync($"audit month {label}: broken at sequence {checkpoint.Sequence}: the sealed hash differs from the checkpoint of {checkpoint.ExportedAt:O}; the chain was rewritten at or before it.");
                return 1;
            }
        }

        var months = string.Join(", ", report.Months.Select(m => $"{AuditMonth.Label(m.Month)} to sequence {m.LastSequence}{(m.Closing is null ? "" : " (closed)")}"));
        var dropped = report.Dropped.Count == 0 ? "" : $"; dropped by retention: {string.Join(", ", report.Dropped.Select(AuditMonth.Label))}";
        await output.WriteLineAsync(
            $"audit chain intact: {report.Verified} sealed row(s) in {report.Months.Count} month(s) [{months}]{dropped}; {report.Unsealed} row(s) not sealed yet"
            + (checkpoint is null ? "." : $"; matches the checkpoint of {AuditMonth.Label(checkpointMonth)} at sequence {checkpoint.Sequence}."));
        return 0;
    }

    /// <summary>
    /// <c>export-audit-checkpoint FILE [--month YYYY-MM]</c>: the last seal of the month (by default the latest month with
    /// seals); for a closed month that is its final hash, so one checkpoint per closed month pins it for good.
    /// </summary>
    public static async Task<int> ExportCheckpointAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal)
            || !TryOptions(args[1..], ["--month"], out var options) || !TryMonth(options, out var month))
        {
            await error.WriteLineAsync("usage: export-audit-checkpoint FILE [--month YYYY-MM]");
            return 2;
        }

        var keyId = services.GetRequiredService<IOptions<AuditOptions>>().Value.CheckpointKeyId is { Length: > 0 } named ? named : null;
        if (KeyOf(services, keyId, error) is not { } key)
        {
            return 2;
        }

        var reader = services.GetRequiredService<AuditChainReader>();
        if (await reader.LastAsync(month, ct) is not { } last)
        {
            await error.WriteLineAsync("no audit row is sealed yet" + (month is { } m ? $" in {AuditMonth.Label(m)}" : "") + "; nothing to checkpoint.");
            return 1;
        }

        var checkpoint = AuditCheckpoint.Create(last.Sequence, last.Hash, services.GetRequiredService<TimeProvider>().GetUtcNow(), key, last.Month, keyId);
        await File.WriteAllTextAsync(args[1], JsonSerializer.Serialize(checkpoint, Json), ct);
        var closed = await reader.IsClosedAsync(last.Month, ct) ? " (closed: final)" : "";
        await output.WriteLineAsync($"checkpoint of {checkpoint.Month}{closed} at sequence {checkpoint.Sequence} written to {args[1]}.");
        return 0;
    }

    /// <summary>Reads <c>--name value</c> pairs after the verb; false on anything else.</summary>
    private static bool TryOptions(string[] args, string[] names, out Dictionary<string, string> options)
    {
        options = [];
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !names.Contains(args[i]) || !options.TryAdd(args[i], args[i + 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryMonth(Dictionary<string, string> options, out DateOnly? month)
    {
        month = null;
        if (!options.TryGetValue("--month", out var text))
        {
            return true;
        }

        if (!AuditMonth.TryParse(text, out var parsed))
        {
            return false;
        }

        month = parsed;
        return true;
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
