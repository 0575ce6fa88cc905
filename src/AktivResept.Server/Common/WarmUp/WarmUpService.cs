using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.WarmUp;

/// <summary>Runs the steps in order once the server listens, then opens the <see cref="WarmUpGate"/>.</summary>
internal sealed partial class WarmUpService(
    IEnumerable<IWarmUpStep> steps, WarmUpGate gate, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime,
    IOptions<WarmUpOptions> options, ILogger<WarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The pipeline step talks to the server itself, which listens only once the host has started.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
            {
                await started.Task;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            var total = Stopwatch.StartNew();
            foreach (var step in steps)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await step.RunAsync(scope.ServiceProvider, limit.Token);
                    LogStep(step.Name, clock.ElapsedMilliseconds);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LogStepFailed(e, step.Name, clock.ElapsedMilliseconds);
                }
            }

            LogDone(total.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            gate.Open();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up step {Step} took {Milliseconds} ms")]
    private partial void LogStep(string step, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up step {Step} failed after {Milliseconds} ms; going on without it")]
    private partial void LogStepFailed(Exception e, string step, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up in {Milliseconds} ms; ready")]
    private partial void LogDone(long milliseconds);
}
