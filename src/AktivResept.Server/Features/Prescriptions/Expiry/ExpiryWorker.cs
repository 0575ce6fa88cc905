using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Prescriptions.Expiry;

/// <summary>Runs <see cref="ExpiryJob"/> on an interval in every app instance; the job itself is race-safe.</summary>
public sealed class ExpiryWorker(IServiceScopeFactory scopes, IOptions<PrescriptionOptions> options, TimeProvider clock, ILogger<ExpiryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ExpiryJobIntervalSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ExpiryJob>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Prescription expiry run failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
