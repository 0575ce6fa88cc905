using System.Data.Common;
using System.Security.Cryptography;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security.KeyRotation;

/// <summary>What one pass of <see cref="PersonDataRekeyJob"/> did.</summary>
public sealed record RekeyResult(int Rewritten, int Unreadable, int Batches);

/// <summary>
/// Rewrites every protected value (<see cref="ProtectedColumns"/>) that is not under the current key to the current
/// key, in batches of one transaction each, with one system audit record per batch. Resumable by construction: a batch
/// selects what is not yet under the current key, so a stopped pass simply continues next time. Safe with several app
/// instances: batches take turns (an advisory lock on PostgreSQL; SQLite has one writer), and a value is replaced only
/// if it is still the one that was read (compare-and-swap), so a secret a user changed meanwhile is never overwritten.
/// A value that does not open (a key not in the ring, or damage) is left as it is, logged by key id and counted.
/// </summary>
public sealed class PersonDataRekeyJob(
    AktivDbContext db,
    AtRestCipher cipher,
    AuditLog audit,
    IOptions<PersonDataRekeyOptions> options,
    ILogger<PersonDataRekeyJob> logger) : IPeriodicJob
{
    public static readonly Actor System = new("job:person-data-rekey", "system");

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunAsync(ct);

    public async Task<RekeyResult> RunAsync(CancellationToken ct)
    {
        var total = new RekeyResult(0, 0, 0);
        var correlation = Guid.NewGuid().ToString("N");
        foreach (var column in ProtectedColumns.Of(db))
        {
            object? after = null;
            while (true)
            {
                var batch = await RekeyBatchAsync(column, after, correlation, ct);
                total = new RekeyResult(total.Rewritten + batch.Rewritten, total.Unreadable + batch.Unreadable, total.Batches + (batch.Rewritten > 0 ? 1 : 0));
                if (batch.Last is null)
                {
                    break;
                }

                after = batch.Last;
            }
        }

        if (total.Rewritten > 0 || total.Unreadable > 0)
        {
            logger.LogInformation("Re-encrypted {Rewritten} value(s) under key {KeyId} in {Batches} batch(es); {Unreadable} value(s) could not be opened", total.Rewritten, cipher.CurrentKeyId, total.Batches, total.Unreadable);
        }

        return total;
    }

    private sealed record Batch(int Rewritten, int Unreadable, object? Last);

    /// <summary>One transaction: up to a batch of values after <paramref name="after"/> (key order) not under the current key.</summary>
    private async Task<Batch> RekeyBatchAsync(ProtectedColumns.Column column, object? after, string correlation, CancellationToken ct)
    {
        var size = Math.Max(1, options.Value.BatchSize);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var sqlTransaction = transaction.GetDbTransaction();
        if (!db.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended('person-data-rekey', 0))", ct);
        }

        var header = cipher.CurrentHeader.ToArray();
        var rows = new List<(object Key, byte[] Value)>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = sqlTransaction;
            select.CommandText =
                $"""SELECT "{column.Key}", "{column.Value}" FROM "{column.Table}" WHERE "{column.Value}" IS NOT NULL AND substr("{column.Value}", 1, {header.Length}) <> @header"""
                + (after is null ? string.Empty : $""" AND "{column.Key}" > @after""")
                + $""" ORDER BY "{column.Key}" LIMIT {size}""";
            Add(select, "header", header);
            if (after is not null)
            {
                Add(select, "after", after);
            }

            await using DbDataReader reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetValue(0), (byte[])reader.GetValue(1)));
            }
        }

        int rewritten = 0, unreadable = 0;
        foreach (var (key, value) in rows)
        {
            byte[] plain;
            try
            {
                plain = cipher.DecryptBytes(value);
            }
            catch (CryptographicException e)
            {
                unreadable++;
                logger.LogWarning("{Column} {Key}: cannot re-encrypt a value under key {KeyId}: {Reason}", column.Name, key, AtRestCipher.KeyIdOf(value), e.Message);
                continue;
            }

            await using var update = connection.CreateCommand();
            update.Transaction = sqlTransaction;
            update.CommandText = $"""UPDATE "{column.Table}" SET "{column.Value}" = @new WHERE "{column.Key}" = @key AND "{column.Value}" = @old""";
            Add(update, "new", cipher.EncryptBytes(plain));
            Add(update, "key", key);
            Add(update, "old", value);
            CryptographicOperations.ZeroMemory(plain);
            rewritten += await update.ExecuteNonQueryAsync(ct);
        }

        if (rewritten > 0)
        {
            audit.Add(System, $"KeyRotation/{column.Name}?key={cipher.CurrentKeyId}&values={rewritten}", AuditAction.Update, AuditOutcome.Success, null, correlation);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new Batch(rewritten, unreadable, rows.Count < size ? null : rows[^1].Key);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
