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
/// Safe with several app instances: each contract is evaluated in its own transaction under a per-contract advisory
/// lock (PostgreSQL; SQLite's transactions already take its single writer's lock first), so a second instance waits
/// and then finds nothing left to write. The unique index on (requirement, period, revision) is the backstop: an insert
/// that loses to another instance is rolled back and not an error. The same makes it safe to evaluate
/// <see cref="KpiEvaluationOptions.Parallelism"/> contracts at once, each in its own scope and connection, so one
/// contract's round trips and commit overlap another's work (PostgreSQL only: SQLite has one writer).
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
        var ids = await db.Contracts.AsNoTracking().Where(c => Evaluated.Contains(c.Status)).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        int written = 0, notified = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = db.Database.IsNpgsql() ? Math.Max(1, options.Value.Parallelism) : 1,
            CancellationToken = ct,
        };
        await Parallel.ForEachAsync(ids, parallel, async (id, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var (w, n) = await scope.ServiceProvider.GetRequiredService<KpiContractEvaluation>().EvaluateAsync(id, token);
            Interlocked.Add(ref written, w);
            Interlocked.Add(ref notified, n);
        });

        if (written > 0)
        {
            logger.LogInformation("KPI evaluation: {Contracts} contracts, {Written} figures written, {Notified} not-met notices", ids.Count, written, notified);
        }

        return new KpiEvaluationRun(ids.Count, written, notified);
    }
}

/// <summary>One contract's evaluation (see <see cref="KpiEvaluationJob"/>): read its facts once, measure every KPI and period, store.</summary>
internal sealed class KpiContractEvaluation(
    AktivDbContext db, KpiFactsReader reader, KpiEvaluationStore store, TimeProvider clock, IOptions<AttendanceOptions> attendance, ILogger<KpiContractEvaluation> logger)
{
    private static readonly ContractStatus[] Evaluated = KpiEvaluationJob.Evaluated;

    /// <summary>Evaluates one contract in its own transaction; returns the figures written and the notices sent.</summary>
    public async Task<(int Written, int Notified)> EvaluateAsync(Guid contractId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            var key = $"kpi-evaluation:{contractId:N}";
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
        }

        var contract = await db.Contracts.AsNoTracking()
            .Include(c => c.Versions)
            .FirstOrDefaultAsync(c => c.Id == contractId && Evaluated.Contains(c.Status), ct);
        if (contract is null)
        {
            return (0, 0);
        }

        var now = clock.GetUtcNow();
        var today = OsloCalendar.DateOf(now);
        var last = contract.ValidTo is { } to && to < today ? to : today;
        var versions = contract.Versions.Where(v => v.WasActivated).OrderBy(v => v.ValidFrom).ToList();
        var figures = new List<KpiFigure>();
        if (last >= contract.ValidFrom && versions.Count > 0)
        {
            var facts = await reader.ReadAsync(contract, last, ct);
            foreach (var kind in versions.SelectMany(v => v.Kpis).Select(k => k.Period).Distinct())
            {
                foreach (var period in KpiPeriod.Covering(contract.ValidFrom, last, kind))
                {
                    figures.AddRange(Measure(contract, versions, period, facts, now));
                }
            }
        }

        try
        {
            var result = await store.SaveAsync(contract, figures, now, ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another instance wrote the same revision first (possible only without the advisory lock): its figures stand.
            await transaction.RollbackAsync(ct);
            logger.LogInformation("KPI evaluation of contract {Contract} was done by another instance", contractId);
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
