using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Notifications.Fanout;

/// <summary>Runs <see cref="FanoutJob"/> on an interval in every app instance; the job itself is race-safe.</summary>
public sealed class FanoutWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<FanoutWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.FanoutIntervalSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<FanoutJob>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Notification fan-out failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
