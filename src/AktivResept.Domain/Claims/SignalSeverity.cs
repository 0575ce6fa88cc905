namespace AktivResept.Domain.Claims;

/// <summary>
/// How much a signal should hold up a payer. A low one is worth seeing but is common and innocent on its own (a trainer
/// registers every session in a gym without a door system, so "no gym event that day" is on every such line); a line
/// with only low signals still counts as clean for "approve all clean". A high one needs a person's judgement.
/// </summary>
public enum SignalSeverity
{
    Low,
    High,
}

public static class ClaimSignalSeverity
{
    public static SignalSeverity Of(ClaimSignal signal) => signal switch
    {
        ClaimSignal.NoGymEventThatDay => SignalSeverity.Low,
        _ => SignalSeverity.High,
    };

    /// <summary>A line is clean when it raised no high-severity signal.</summary>
    public static bool IsClean(IEnumerable<ClaimSignal> signals) => signals.All(s => Of(s) == SignalSeverity.Low);
}
