using System.Collections.Concurrent;
using System.Diagnostics;

namespace AktivResept.Benchmarks;

/// <summary>Collects per-request latencies from many workers and summarises them.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentBag<double> _milliseconds = [];
    private int _errors;

    public int Errors => _errors;

    public int Count => _milliseconds.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> action, Func<T, bool> succeeded)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await action();
        _milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        if (!succeeded(result))
        {
            Interlocked.Increment(ref _errors);
        }

        return result;
    }

    public Summary Summarise(TimeSpan wallClock)
    {
        var sorted = _milliseconds.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Summary(sorted.Length, _errors, sorted.Length / wallClock.TotalSeconds, At(0.50), At(0.95), At(0.99), sorted.LastOrDefault());
    }

    public sealed record Summary(int Requests, int Errors, double PerSecond, double P50, double P95, double P99, double Max)
    {
        public string Row(string name) =>
            $"| {name} | {Requests:N0} | {Errors} | {PerSecond:N0} | {P50:N2} | {P95:N2} | {P99:N2} | {Max:N2} |";

        /// <summary>The row with the phase's CPU cost per request: this .NET process, and PostgreSQL.</summary>
        public string Row(string name, CpuMeter.Sample cpu) =>
            $"{Row(name)} {cpu.App.TotalMilliseconds / Math.Max(1, Requests):N3} | {cpu.Postgres.TotalMilliseconds / Math.Max(1, Requests):N3} |";

        /// <summary>The row with the phase's CPU cost per request: the app's own process, the load generator (this process), and PostgreSQL.</summary>
        public string RowWithServer(string name, CpuMeter.Sample cpu) =>
            $"{Row(name)} {cpu.Server.TotalMilliseconds / Math.Max(1, Requests):N3} | {cpu.App.TotalMilliseconds / Math.Max(1, Requests):N3} | {cpu.Postgres.TotalMilliseconds / Math.Max(1, Requests):N3} |";
    }
}
