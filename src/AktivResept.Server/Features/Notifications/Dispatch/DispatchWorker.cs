using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Notifications.Dispatch;

/// <summary>Runs <see cref="DispatchJob"/> on an interval in every app instance; the job itself is race-safe.</summary>
public sealed class DispatchWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<DispatchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.DispatchIntervalSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DispatchJob>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Notification dispatch failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
