namespace AktivResept.Server.Features.Contracts;

/// <summary>Configuration section <c>Contracts:Evaluation</c>: the periodic KPI evaluation.</summary>
public sealed class KpiEvaluationOptions
{
    public const string Section = "Contracts:Evaluation";

    /// <summary>Run the evaluation job in this instance (safe in every instance: one contract is evaluated at a time).</summary>
    public bool RunJob { get; set; } = true;

    /// <summary>
    /// Batches of contracts evaluated at once, each in its own transaction and connection (PostgreSQL; SQLite always 1).
    /// 8, because at national size a batch mostly waits on its attendance read: 8 evaluated 356 municipalities' contracts
    /// in 166 s against 200 s with 4, and 16 gained no more (docs/benchmarks.md, "KPI evaluation", full size).
    /// </summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>At most this many of one payer's contracts are read and stored together, in one transaction.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>How often every active, ended or terminated contract is evaluated.</summary>
    public int IntervalSeconds { get; set; } = 3600;
}
