namespace AktivResept.Server.Common.Jobs;

/// <summary>
/// What every periodic job's first pass waits for (issue 19): the instance being ready (the warm-up's gate), then
/// <see cref="Delay"/> more. A start then has the CPU to itself, and so do the first requests after it, instead of
/// sharing it with a first adherence, KPI, sealing and fan-out pass that nothing is waiting for. Later passes keep
/// their interval. With the warm-up off (the test hosts) the gate is open from the start and there is no delay.
/// </summary>
public sealed record FirstPassHold(Task Ready, TimeSpan Delay)
{
    /// <summary>No hold: the first pass runs at once (a host without the warm-up module).</summary>
    public static readonly FirstPassHold None = new(Task.CompletedTask, TimeSpan.Zero);

    /// <summary>Waits for readiness and the delay, on <paramref name="clock"/> so tests move time instead of sleeping.</summary>
    public async Task WaitAsync(TimeProvider clock, CancellationToken ct)
    {
        await Ready.WaitAsync(ct);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, clock, ct);
        }
    }
}
