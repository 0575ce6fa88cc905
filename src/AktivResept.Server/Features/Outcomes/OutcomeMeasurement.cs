namespace AktivResept.Server.Features.Outcomes;

/// <summary>
/// One version of one measurement of an outcome instrument for a prescription. A correction never changes a row: it
/// adds the next version (<see cref="SupersedesId"/> the one it replaces, <see cref="CorrectionReason"/> why) and stamps
/// the replaced one <see cref="SupersededAt"/>, so the whole chain stays readable with who, when and why. The current
/// version of a chain is the one with no <see cref="SupersededAt"/>.
/// </summary>
public sealed class OutcomeMeasurement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The first version's id: the measurement's identity across its corrections.</summary>
    public Guid ChainId { get; set; }

    public int Version { get; set; } = 1;

    public Guid? SupersedesId { get; set; }

    public DateTimeOffset? SupersededAt { get; set; }

    public string? CorrectionReason { get; set; }

    public Guid PrescriptionId { get; set; }

    public Guid ParticipantId { get; set; }

    /// <summary>The instrument's catalogue code (Domain/Outcomes/InstrumentCatalogue).</summary>
    public string Instrument { get; set; } = "";

    /// <summary>The schedule timepoint it belongs to (baseline, end, m6...), or null for an unscheduled measurement.</summary>
    public string? Timepoint { get; set; }

    public DateTimeOffset EffectiveAt { get; set; }

    /// <summary>The parts as given, JSON <c>{"key": number}</c>.</summary>
    public string Values { get; set; } = "{}";

    /// <summary>The instrument's score (EVS minutes per week, BMI, EQ-5D index, the reading itself...).</summary>
    public decimal Score { get; set; }

    /// <summary>The EQ-5D-5L value set the index was computed with; null for other instruments.</summary>
    public string? ValueSet { get; set; }

    /// <summary>trainer or participant.</summary>
    public string RecordedByRole { get; set; } = "";

    /// <summary>The token subject of whoever recorded this version.</summary>
    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A reminder or missed notice sent for a prescription's timepoint: at most one of each kind, ever.</summary>
public sealed class OutcomeScheduleNotice
{
    public Guid PrescriptionId { get; set; }

    public string Timepoint { get; set; } = "";

    public OutcomeNoticeKind Kind { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

public enum OutcomeNoticeKind
{
    Reminder,
    Missed,
}
