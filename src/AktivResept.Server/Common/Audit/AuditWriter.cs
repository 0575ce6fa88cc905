using System.Threading.Channels;
using AktivResept.Server.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Group commit for the audit rows of reads (PostgreSQL): concurrent requests hand their rows to one writer, which
/// sends whatever has queued up as one INSERT of arrays — one statement and one durable commit for the batch instead
/// of one per request. Each request awaits its batch's commit before it answers, so no read is answered without its
/// row; a failed batch fails every request waiting on it (<see cref="AuditUnavailableException"/>, a 503), never a
/// 200. Writes do not come here: their rows commit in their own transaction (<see cref="AuditLog"/>). Rows are
/// inserted unchained, as before; <see cref="AuditSealingJob"/> chains them later.
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
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
            new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Default")) { MaxPoolSize = 2, ApplicationName = "aktivresept-audit-writer", NoResetOnClose = true, MaxAutoPrepare = 2, AutoPrepareMinUsages = 2 }.ConnectionString));
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
    /// Before readiness (<see cref="AuditWriterWarmUp"/>): the writer's first connection and an INSERT of no rows, which
    /// writes nothing, so the first reads' batch does not wait for the handshake and the first run of the insert code.
    /// </summary>
    internal Task WarmAsync() => Enabled ? InsertAsync([]) : Task.CompletedTask;

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
            await InsertAsync(batch);
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
                await InsertAsync([pending]);
                pending.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "An audit row could not be written; the request is answered 503");
                pending.Committed.TrySetException(new AuditUnavailableException("The audit row could not be written.", e));
            }
        }
    }

    /// <summary>
    /// One prepared INSERT of the batch's rows as arrays, outside an explicit transaction: it commits (durably, with
    /// synchronous_commit on) when it completes. A COPY took two round trips (the server's go-ahead, then the rows),
    /// each a wake-up of this loop on a busy machine that every waiting request sat through.
    /// </summary>
    private async Task InsertAsync(List<Pending> batch)
    {
        var rows = new List<AuditRecord>(batch.Count);
        batch.ForEach(p => rows.AddRange(p.Rows));
        await using var connection = await _dataSource.Value.OpenConnectionAsync();
        await using var insert = new NpgsqlBatch(connection) { BatchCommands = { AuditRecordInsert.Rows(rows) } };
        await insert.ExecuteNonQueryAsync();
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
