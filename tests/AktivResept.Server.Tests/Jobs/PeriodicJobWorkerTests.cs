using System.Threading.Channels;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AktivResept.Server.Tests.Jobs;

/// <summary>
/// The generic worker under a controlled clock: the clock reports every wait the worker arms, so each test moves
/// time only once the worker is waiting, and waits on what the job reports rather than on the wall clock.
/// </summary>
public sealed class PeriodicJobWorkerTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private readonly ArmingClock _clock = new();
    private readonly Probe _probe = new();
    private readonly ServiceProvider _services;

    public PeriodicJobWorkerTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_probe);
        services.AddSingleton<TimeProvider>(_clock);
        services.AddScoped<ProbeJob>();
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task It_runs_at_start_and_then_once_per_interval()
    {
        using var worker = Worker(enabled: true);
        await worker.StartAsync(CancellationToken.None);

        (await _probe.NextRunAsync()).ShouldBe(AktivApiFactory.Start);
        (await _clock.NextWaitAsync()).ShouldBe(Interval);
        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        _probe.HasRun.ShouldBeFalse();

        _clock.Advance(TimeSpan.FromSeconds(1));
        (await _probe.NextRunAsync()).ShouldBe(AktivApiFactory.Start + Interval);
        (await _clock.NextWaitAsync()).ShouldBe(Interval);
        _clock.Advance(Interval);
        (await _probe.NextRunAsync()).ShouldBe(AktivApiFactory.Start + (2 * Interval));

        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_pass_does_not_stop_it_and_the_next_try_backs_off()
    {
        _probe.FailingRuns = 2;
        using var worker = Worker(enabled: true);
        await worker.StartAsync(CancellationToken.None);

        await _probe.NextRunAsync();
        (await _clock.NextWaitAsync()).ShouldBe(2 * Interval);
        _clock.Advance(2 * Interval);
        await _probe.NextRunAsync();
        (await _clock.NextWaitAsync()).ShouldBe(4 * Interval);
        _clock.Advance(4 * Interval);

        // The third pass succeeds, and the worker is back on its interval.
        await _probe.NextRunAsync();
        (await _clock.NextWaitAsync()).ShouldBe(Interval);
        worker.ExecuteTask!.IsCompleted.ShouldBeFalse();
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_disabled_job_never_runs()
    {
        using var worker = Worker(enabled: false);
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!;

        _clock.Advance(TimeSpan.FromDays(1));
        _probe.HasRun.ShouldBeFalse();
        _clock.HasArmed.ShouldBeFalse();
    }

    [Fact]
    public async Task Stopping_ends_the_wait_cleanly()
    {
        using var worker = Worker(enabled: true);
        await worker.StartAsync(CancellationToken.None);
        await _probe.NextRunAsync();
        await _clock.NextWaitAsync();

        await worker.StopAsync(CancellationToken.None);

        worker.ExecuteTask!.IsCompletedSuccessfully.ShouldBeTrue();
        _clock.Advance(Interval);
        _probe.HasRun.ShouldBeFalse();
    }

    [Fact]
    public async Task The_first_pass_waits_until_the_instance_is_ready_and_then_the_delay()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delay = TimeSpan.FromSeconds(10);
        using var worker = Worker(enabled: true, new FirstPassHold(ready.Task, delay));
        await worker.StartAsync(CancellationToken.None);

        // Held: no pass, and no wait armed yet (the delay starts only once the instance is ready).
        _probe.HasRun.ShouldBeFalse();
        _clock.HasArmed.ShouldBeFalse();

        ready.SetResult();
        (await _clock.NextWaitAsync()).ShouldBe(delay);
        _clock.Advance(delay - TimeSpan.FromSeconds(1));
        _probe.HasRun.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await _probe.NextRunAsync()).ShouldBe(AktivApiFactory.Start + delay);

        // Then the usual interval.
        (await _clock.NextWaitAsync()).ShouldBe(Interval);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_while_held_ends_the_worker_without_a_pass()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var worker = Worker(enabled: true, new FirstPassHold(ready.Task, TimeSpan.FromSeconds(10)));
        await worker.StartAsync(CancellationToken.None);

        await worker.StopAsync(CancellationToken.None);

        worker.ExecuteTask!.IsCompleted.ShouldBeTrue();
        ready.SetResult();
        _probe.HasRun.ShouldBeFalse();
    }

    [Fact]
    public void The_backoff_doubles_up_to_five_minutes_or_the_interval_if_longer()
    {
        var fast = new PeriodicJobWorker<ProbeJob>(null!, PeriodicJobSchedule.Every(true, 5), FirstPassHold.None, _clock, NullLogger<PeriodicJobWorker<ProbeJob>>.Instance);
        var slow = new PeriodicJobWorker<ProbeJob>(null!, PeriodicJobSchedule.Every(true, 600), FirstPassHold.None, _clock, NullLogger<PeriodicJobWorker<ProbeJob>>.Instance);

        new[] { 0, 1, 2, 3, 10, 1000 }.Select(f => fast.DelayAfter(f).TotalSeconds).ShouldBe([5, 10, 20, 40, 300, 300]);
        new[] { 0, 1, 2 }.Select(f => slow.DelayAfter(f).TotalSeconds).ShouldBe([600, 600, 600]);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private PeriodicJobWorker<ProbeJob> Worker(bool enabled, FirstPassHold? hold = null) => new(
        _services.GetRequiredService<IServiceScopeFactory>(), new PeriodicJobSchedule(enabled, Interval), hold ?? FirstPassHold.None, _clock,
        NullLogger<PeriodicJobWorker<ProbeJob>>.Instance);

    /// <summary>What the job saw: the instant of each pass, and how many passes should throw.</summary>
    private sealed class Probe
    {
        private readonly Channel<DateTimeOffset> _runs = Channel.CreateUnbounded<DateTimeOffset>();

        public int FailingRuns { get; set; }

        public bool HasRun => _runs.Reader.TryPeek(out _);

        public void Ran(DateTimeOffset at) => _runs.Writer.TryWrite(at);

        /// <summary>The next pass's instant; the timeout only guards against a hang, it is not part of what is tested.</summary>
        public async Task<DateTimeOffset> NextRunAsync() => await _runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class ProbeJob(Probe probe, TimeProvider clock) : IPeriodicJob
    {
        public Task RunOnceAsync(CancellationToken ct)
        {
            probe.Ran(clock.GetUtcNow());
            if (probe.FailingRuns > 0)
            {
                probe.FailingRuns--;
                throw new InvalidOperationException("The database is away.");
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>A fake clock that reports the due time of every timer armed on it (Task.Delay arms one per wait).</summary>
    private sealed class ArmingClock() : FakeTimeProvider(AktivApiFactory.Start)
    {
        private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

        public bool HasArmed => _armed.Reader.TryPeek(out _);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _armed.Writer.TryWrite(dueTime);
            return timer;
        }

        public async Task<TimeSpan> NextWaitAsync() => await _armed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
