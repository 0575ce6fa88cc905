using AktivResept.Domain.Calendar;
using AktivResept.Domain.Kpis;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Contracts.Evaluation;

/// <summary>What one pass did: contracts evaluated, figures written (new rows or provisional rows updated), notices sent.</summary>
public sealed record KpiEvaluationRun(int Contracts, int Written, int Notified);

/// <summary>
/// Evaluates every KPI of every active, ended or terminated contract over each period of the KPI's kind that has begun
/// and overlaps the contract, by the requirements of the version in force on the period's last day (or the contract's,
/// if it ends earlier). Figures are measured as known at the end of the period (or now, if it has not ended) and
/// stored by <see cref="KpiEvaluationStore"/>: a provisional figure is kept up to date in place, a final one never
/// changes; later data makes a new revision. A "not met" on a final period puts one message per revision in the gym's
/// and the payer's (the coordinator's) inbox.
/// <para>
/// Safe with several app instances: a batch of one payer's contracts is evaluated in one transaction under each
/// contract's advisory lock, taken in contract-id order (PostgreSQL; SQLite's transactions already take its single
/// writer's lock first), so a second instance waits and then finds nothing left to write. The unique index on
/// (requirement, period, revision) is the backstop: an insert that loses to another instance is rolled back and not an
/// error. The same makes it safe to evaluate <see cref="KpiEvaluationOptions.Parallelism"/> batches at once, each in its
/// own scope and connection, so one batch's round trips and commit overlap another's work (PostgreSQL only: SQLite has
/// one writer). Batching reads a payer's facts in one query of each kind and commits once per batch, instead of about
/// thirteen round trips per contract (docs/benchmarks.md, "KPI evaluation").
/// </para>
/// </summary>
internal sealed class KpiEvaluationJob(
    AktivDbContext db, IServiceScopeFactory scopes, IOptions<KpiEvaluationOptions> options, ILogger<KpiEvaluationJob> logger)
    : IPeriodicJob
{
    internal static readonly ContractStatus[] Evaluated = [ContractStatus.Active, ContractStatus.Ended, ContractStatus.Terminated];

    async Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => await RunOnceAsync(ct);

    public async Task<KpiEvaluationRun> RunOnceAsync(CancellationToken ct)
    {
        var contracts = await db.Contracts.AsNoTracking().Where(c => Evaluated.Contains(c.Status)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.PayerId }).ToListAsync(ct);
        // A payer's contracts are read together (one query per kind of fact for the batch, not per contract) and stored in
        // one transaction; a payer with very many contracts (the state) is cut into batches of BatchSize.
        var batches = contracts.GroupBy(c => c.PayerId)
            .SelectMany(g => g.Select(c => c.Id).Chunk(Math.Max(1, options.Value.BatchSize)))
            .ToList();
        int written = 0, notified = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = db.Database.IsNpgsql() ? Math.Max(1, options.Value.Parallelism) : 1,
            CancellationToken = ct,
        };
        await Parallel.ForEachAsync(batches, parallel, async (batch, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var (w, n) = await scope.ServiceProvider.GetRequiredService<KpiContractEvaluation>().EvaluateAsync(batch, token);
            Interlocked.Add(ref written, w);
            Interlocked.Add(ref notified, n);
        });

        if (written > 0)
        {
            logger.LogInformation("KPI evaluation: {Contracts} contracts, {Written} figures written, {Notified} not-met notices", contracts.Count, written, notified);
        }

        return new KpiEvaluationRun(contracts.Count, written, notified);
    }
}

/// <summary>
/// A batch of contracts' evaluation (see <see cref="KpiEvaluationJob"/>): read their facts once (<see cref="KpiFactsReader"/>,
/// a fixed number of queries for the whole batch), measure every KPI and period of each, store them all in one transaction.
/// </summary>
internal sealed class KpiContractEvaluation(
    AktivDbContext db, KpiFactsReader reader, KpiEvaluationStore store, TimeProvider clock, IOptions<AttendanceOptions> attendance, ILogger<KpiContractEvaluation> logger)
{
    private static readonly ContractStatus[] Evaluated = KpiEvaluationJob.Evaluated;

    /// <summary>Evaluates one contract in its own transaction; returns the figures written and the notices sent.</summary>
    public Task<(int Written, int Notified)> EvaluateAsync(Guid contractId, CancellationToken ct) => EvaluateAsync([contractId], ct);

    /// <summary>Evaluates a batch of contracts in one transaction under each one's advisory lock; returns the figures written and the notices sent.</summary>
    public async Task<(int Written, int Notified)> EvaluateAsync(IReadOnlyCollection<Guid> contractIds, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // One round trip for the batch's locks, taken in contract-id order so two instances with overlapping batches cannot deadlock.
            var keys = contractIds.Order().Select(id => $"kpi-evaluation:{id:N}").ToArray();
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest({keys}) AS k", ct);
        }

        var ids = contractIds.ToArray();
        var contracts = await db.Contracts.AsNoTracking()
            .Include(c => c.Versions)
            .Where(c => ids.Contains(c.Id) && Evaluated.Contains(c.Status))
            .OrderBy(c => c.Id)
            .ToListAsync(ct);
        if (contracts.Count == 0)
        {
            return (0, 0);
        }

        var now = clock.GetUtcNow();
        var today = OsloCalendar.DateOf(now);
        var work = contracts
            .Select(c => (Contract: c, Last: c.ValidTo is { } to && to < today ? to : today,
                Versions: c.Versions.Where(v => v.WasActivated).OrderBy(v => v.ValidFrom).ToList()))
            .ToList();
        var measured = work.Where(w => w.Last >= w.Contract.ValidFrom && w.Versions.Count > 0).ToList();
        var facts = await reader.ReadAsync([.. measured.Select(w => (Contract: w.Contract, Through: w.Last))], ct);
        var figures = new List<(Contract Contract, List<KpiFigure> Figures)>();
        foreach (var (contract, last, versions) in work)
        {
            var own = new List<KpiFigure>();
            if (facts.TryGetValue(contract.Id, out var contractFacts))
            {
                foreach (var kind in versions.SelectMany(v => v.Kpis).Select(k => k.Period).Distinct())
                {
                    foreach (var period in KpiPeriod.Covering(contract.ValidFrom, last, kind))
                    {
                        own.AddRange(Measure(contract, versions, period, contractFacts, now));
                    }
                }
            }

            figures.Add((contract, own));
        }

        try
        {
            var result = await store.SaveAsync(figures, now, ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception e) when (e is DbUpdateException update ? UniqueViolation.Is(update) : e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another instance wrote the same revision first (possible only without the advisory lock): its figures stand.
            await transaction.RollbackAsync(ct);
            logger.LogInformation("KPI evaluation of contracts {Contracts} was done by another instance", string.Join(", ", ids));
            return (0, 0);
        }
    }

    /// <summary>The figures of one period, judged by the requirements of the version in force on its last day.</summary>
    private IEnumerable<KpiFigure> Measure(Contract contract, List<ContractVersion> versions, KpiPeriod period, ContractFacts facts, DateTimeOffset now)
    {
        if (VersionInForce.For(versions, period.From, period.To) is not { } version)
        {
            yield break;
        }

        var periodEnd = OsloCalendar.StartOf(period.To.AddDays(1));
        var asOf = now < periodEnd ? now : periodEnd;
        var isFinal = period.IsFinal(now, attendance.Value.LateEventDays);
        var input = facts.For(version, period);
        foreach (var requirement in version.Kpis.Where(k => k.Period == period.Kind))
        {
            if (!KpiSpec.TryCreate(requirement.Metric, requirement.Parameters, requirement.Threshold, requirement.Direction, requirement.Period,
                    requirement.MinimumParticipants, out var spec, out var errors))
            {
                // Requirements are validated when saved; one that no longer validates (a metric retired) is skipped, loudly.
                logger.LogWarning("KPI requirement {Requirement} of contract {Contract} is invalid: {Errors}", requirement.Id, contract.Id,
                    string.Join("; ", errors.Select(e => $"{e.Field}: {e.Error.Code}")));
                continue;
            }

            var measurement = KpiEngine.Measure(spec, period, input, asOf);
            yield return new KpiFigure(version, requirement, spec, period, measurement, KpiEngine.Judge(spec, measurement), isFinal);
        }
    }
}

/// <summary>One freshly measured figure, before the store decides whether it is new, a revision or unchanged.</summary>
internal sealed record KpiFigure(ContractVersion Version, KpiRequirement Requirement, KpiSpec Spec, KpiPeriod Period, KpiMeasurement Measurement, KpiVerdict Verdict, bool IsFinal);
