using System.Diagnostics;

namespace AktivResept.Benchmarks;

public static class Workers
{
    /// <summary>Runs <paramref name="total"/> operations spread over <paramref name="concurrency"/> workers; returns the wall-clock time.</summary>
    public static async Task<TimeSpan> RunCountAsync(int total, int concurrency, Func<int, Task> operation)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                await operation(i);
            }
        })));
        return clock.Elapsed;
    }

    /// <summary>Runs operations on <paramref name="concurrency"/> workers until <paramref name="duration"/> has passed.</summary>
    public static async Task<TimeSpan> RunForAsync(TimeSpan duration, int concurrency, Func<int, Task> operation)
    {
        var clock = Stopwatch.StartNew();
        var counter = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await operation(Interlocked.Increment(ref counter));
            }
        })));
        return clock.Elapsed;
    }
}
