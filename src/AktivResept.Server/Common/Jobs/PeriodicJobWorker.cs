namespace AktivResept.Server.Common.Jobs;

/// <summary>
/// Runs <typeparamref name="TJob"/> once the instance is ready (<see cref="FirstPassHold"/>) and then every interval, in
/// every app instance where it is enabled (the jobs are race-safe). A failed pass is logged and retried after a doubling delay, up to
/// <see cref="MaxBackoff"/> (or the interval, if longer); the worker itself only ends when the host stops. Waits use the
/// injected <see cref="TimeProvider"/>, so tests move time instead of sleeping.
/// </summary>
public sealed class PeriodicJobWorker<TJob>(
    IServiceScopeFactory scopes, PeriodicJobSchedule schedule, FirstPassHold hold, TimeProvider clock, ILogger<PeriodicJobWorker<TJob>> logger)
    : BackgroundService
    where TJob : IPeriodicJob
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!schedule.Enabled)
        {
            logger.LogInformation("{Job} is turned off in this instance", typeof(TJob).Name);
            return;
        }

        try
        {
            await hold.WaitAsync(clock, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TJob>().RunOnceAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                logger.LogError(e, "{Job} failed ({Failures} in a row); retrying in {Delay}", typeof(TJob).Name, failures, DelayAfter(failures));
            }

            try
            {
                await Task.Delay(DelayAfter(failures), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The interval after a good pass; after failures, twice as long per failure in a row, up to the cap.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures == 0)
        {
            return schedule.Interval;
        }

        var cap = schedule.Interval > MaxBackoff ? schedule.Interval : MaxBackoff;
        var backoff = schedule.Interval * Math.Pow(2, Math.Min(failures, 20));
        return backoff < cap ? backoff : cap;
    }
}
