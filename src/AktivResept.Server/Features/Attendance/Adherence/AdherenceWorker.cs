using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Attendance.Adherence;

/// <summary>
/// Runs <see cref="AdherenceJob"/> in every app instance: new attendance at every tick, and every open prescription
/// once an hour (silence and period ends are day-granular, so that is plenty). The job itself is race-safe.
/// </summary>
public sealed class AdherenceWorker(IServiceScopeFactory scopes, IOptions<AttendanceOptions> options, TimeProvider clock, ILogger<AdherenceWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FullPassEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.AdherenceJobIntervalSeconds)), clock);
        var lastFullPass = DateTimeOffset.MinValue;
        do
        {
            try
            {
                var all = clock.GetUtcNow() - lastFullPass >= FullPassEvery;
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(all, stoppingToken);
                if (all)
                {
                    lastFullPass = clock.GetUtcNow();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Adherence run failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
