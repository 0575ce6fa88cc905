namespace AktivResept.Server.Common.Audit;

/// <summary>
/// When this instance's sealer last looked back for late-committed audit rows (<see cref="AuditSealingJob"/>). Per
/// instance, in memory: a new instance sweeps on its first pass, and two instances sweeping each cost one more scan,
/// never a wrong chain (the sealer's advisory lock and the seal keys keep the chain whole).
/// </summary>
public sealed class LateCommitSweep
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _last;

    /// <summary>True, and the sweep counted as done now, when none was made in the last <paramref name="every"/>.</summary>
    public bool IsDue(DateTimeOffset now, TimeSpan every)
    {
        lock (_lock)
        {
            if (_last is { } last && now - last < every && now >= last)
            {
                return false;
            }

            _last = now;
            return true;
        }
    }
}
