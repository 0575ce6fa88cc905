using AktivResept.Domain.Kpis;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// One computed figure of a contract's KPI for one period, as it stood when computed. Never updated: later data gives
/// a new <see cref="Revision"/> (the current figure is the highest), so a change is always visible. It names the
/// version whose requirement judged it and keeps the prescriptions behind the figure, so it can be explained.
/// </summary>
public sealed class KpiEvaluation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    public Guid VersionId { get; set; }

    public Guid KpiRequirementId { get; set; }

    /// <summary>The KPI's identity across versions: <c>KpiSpec.Key</c>, e.g. "adherence-by-week?share=0.75&amp;weeks=12".</summary>
    public string KpiKey { get; set; } = string.Empty;

    public KpiPeriodKind PeriodKind { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    /// <summary>1, 2, ...: the highest is the current figure.</summary>
    public int Revision { get; set; }

    public decimal Numerator { get; set; }

    public decimal Denominator { get; set; }

    /// <summary>Null when there is nothing to divide by.</summary>
    public decimal? Value { get; set; }

    public decimal Threshold { get; set; }

    public KpiDirection Direction { get; set; }

    public int MinimumParticipants { get; set; }

    public int Participants { get; set; }

    public KpiVerdict Verdict { get; set; }

    /// <summary>False while late events may still arrive (<c>KpiPeriod.IsFinal</c>).</summary>
    public bool IsFinal { get; set; }

    /// <summary>The cohort behind the figure, sorted (stored as a JSON array on both providers).</summary>
    public List<Guid> PrescriptionIds { get; set; } = [];

    /// <summary>A stable hash of the measurement: a new revision is written only when it changes.</summary>
    public string Fingerprint { get; set; } = string.Empty;

    public DateTimeOffset ComputedAt { get; set; }
}
