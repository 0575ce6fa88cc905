namespace AktivResept.Domain.Adherence;

/// <summary>What the attendance says about a prescription at a given instant.</summary>
public enum AdherenceVerdict
{
    /// <summary>Accepted, period not started or no silence long enough to worry about yet.</summary>
    NotStarted,

    /// <summary>Training, with recent attendance.</summary>
    OnTrack,

    /// <summary>No attendance for at least the risk threshold: the referrer gets an alert.</summary>
    DropoutRisk,

    /// <summary>Training started but no attendance for the dropout threshold.</summary>
    DroppedOut,

    /// <summary>Training never started within the dropout threshold of the start date (or before the period ended).</summary>
    NeverStarted,

    /// <summary>The period has ended with training started.</summary>
    Completed,
}
