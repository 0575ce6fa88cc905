using System.Threading.Channels;
using AktivResept.Server.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Group commit for the audit rows of reads (PostgreSQL): concurrent requests hand their rows to one writer, which
/// sends whatever has queued up as one binary <c>COPY</c> — one statement and one durable commit for the batch instead
/// of one per request. Each request awaits its batch's commit before it answers, so no read is answered without its
/// row; a failed batch fails every request waiting on it (<see cref="AuditUnavailableException"/>, a 503), never a
/// 200. Writes do not come here: their rows commit in their own transaction (<see cref="AuditLog"/>). Rows are
/// inserted unchained, as before; <see cref="AuditSealingJob"/> chains them later.
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
    private const string Copy = $"""COPY "AuditRecords" ({AuditRecordInsert.Columns}) FROM STDIN (FORMAT BINARY)""";

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private readonly ILogger<AuditWriter> _logger;
    private readonly int _maxRows;
    private readonly Lock _startLock = new();
    private Task? _loop;

    public AuditWriter(IConfiguration configuration, IOptions<AuditOptions> options, ILogger<AuditWriter> logger)
    {
        _logger = logger;
        _maxRows = Math.Max(1, options.Value.ReadBatchMaxRows);
        Enabled = options.Value.BatchReads && DatabaseModule.DatabaseProvider(configuration) == DatabaseModule.Postgres;

        // Its own small pool: the writer holds one connection at a time and never waits on the request pool. It keeps no
        // session state, so a returned connection needs no reset (DISCARD ALL) before the next batch.
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Default")) { MaxPoolSize = 2, ApplicationName = "aktivresept-audit-writer", NoResetOnClose = true }.ConnectionString));
    }

    /// <summary>False on SQLite (one writer to the file anyway) or when switched off: <see cref="AuditLog"/> saves per request.</summary>
    public bool Enabled { get; }

    /// <summary>Completes when <paramref name="rows"/> are committed; throws <see cref="AuditUnavailableException"/> when they could not be.</summary>
    public Task WriteAsync(IReadOnlyList<AuditRecord> rows)
    {
        EnsureStarted();
        var pending = new Pending(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        // Once queued a row is written whatever the caller does next, so the wait is not cancellable.
        return _queue.Writer.TryWrite(pending) ? pending.Committed.Task : Task.FromException(new AuditUnavailableException("The audit writer has stopped."));
    }

    /// <summary>
    /// Before readiness (<see cref="AuditWriterWarmUp"/>): the writer's first connection and a COPY of no rows, which
    /// writes nothing, so the first reads' batch does not wait for the handshake and the first run of the import code.
    /// </summary>
    internal Task WarmAsync() => Enabled ? CopyAsync([]) : Task.CompletedTask;

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            // Not the first reading request's execution context (its HttpContext, its trace): the writer outlives it.
            using (ExecutionContext.SuppressFlow())
            {
                _loop ??= Task.Run(RunAsync);
            }
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            // Whatever queued while the last batch was committing goes in this one.
            var rows = 0;
            while (rows < _maxRows && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                rows += pending.Rows.Count;
            }

            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await CopyAsync(batch);
            batch.ForEach(p => p.Committed.TrySetResult());
            return;
        }
        catch (Exception e) when (batch.Count > 1 && !Http.DatabaseUnavailable.Is(e))
        {
            // A row the database refused on its own merits must not take the others down: each request on its own.
            _logger.LogWarning(e, "An audit batch of {Requests} requests failed; writing them one by one", batch.Count);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "An audit batch of {Requests} requests could not be written; they are answered 503", batch.Count);
            batch.ForEach(p => p.Committed.TrySetException(new AuditUnavailableException("The audit rows could not be written.", e)));
            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                await CopyAsync([pending]);
                pending.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "An audit row could not be written; the request is answered 503");
                pending.Committed.TrySetException(new AuditUnavailableException("The audit row could not be written.", e));
            }
        }
    }

    /// <summary>One COPY outside an explicit transaction: it commits (durably, with synchronous_commit on) when it completes.</summary>
    private async Task CopyAsync(List<Pending> batch)
    {
        await using var connection = await _dataSource.Value.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(Copy);
        foreach (var record in batch.SelectMany(p => p.Rows))
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(record.At, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(record.Actor, NpgsqlDbType.Varchar);
            await importer.WriteAsync(record.Role, NpgsqlDbType.Varchar);
            await WriteNullableAsync(importer, record.Organisation);
            if (record.SubjectPersonId is { } subject)
            {
                await importer.WriteAsync(subject, NpgsqlDbType.Uuid);
            }
            else
            {
                await importer.WriteNullAsync();
            }

            await importer.WriteAsync(record.Resource, NpgsqlDbType.Varchar);
            await importer.WriteAsync(record.Action, NpgsqlDbType.Varchar);
            await importer.WriteAsync(record.Purpose, NpgsqlDbType.Varchar);
            await importer.WriteAsync(record.Outcome.ToString(), NpgsqlDbType.Varchar);
            await importer.WriteAsync(record.CorrelationId, NpgsqlDbType.Varchar);
            await WriteNullableAsync(importer, record.ActorName);
            await WriteNullableAsync(importer, record.ActorHpr);
            await WriteNullableAsync(importer, record.Category);
        }

        await importer.CompleteAsync();
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            await importer.WriteNullAsync();
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Varchar);
        }
    }

    /// <summary>On shutdown: takes no more rows and writes what is queued before the process ends.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }

        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }
    }

    private sealed record Pending(IReadOnlyList<AuditRecord> Rows, TaskCompletionSource Committed);
}

/// <summary>A read's audit row could not be committed: the read is not answered (503), the caller may retry.</summary>
public sealed class AuditUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
