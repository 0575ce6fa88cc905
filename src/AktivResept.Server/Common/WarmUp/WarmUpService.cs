using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.WarmUp;

/// <summary>Runs the steps side by side once the server listens, then opens the <see cref="WarmUpGate"/>.</summary>
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
            // All at once: they are independent, and mostly the JIT's work, which a second core halves.
            var total = Stopwatch.StartNew();
            await Task.WhenAll(steps.Select(step => RunAsync(step, limit.Token)));
            if (!stoppingToken.IsCancellationRequested)
            {
                LogDone(total.ElapsedMilliseconds);
            }
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

    /// <summary>One step in its own scope; a failure is logged and skipped, and never keeps the instance from saying ready.</summary>
    private async Task RunAsync(IWarmUpStep step, CancellationToken ct)
    {
        // Off the caller's thread at once, so the steps' synchronous starts run side by side.
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await step.RunAsync(scope.ServiceProvider, ct);
            LogStep(step.Name, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down while warming: nothing to report.
        }
        catch (Exception e)
        {
            LogStepFailed(e, step.Name, clock.ElapsedMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up step {Step} took {Milliseconds} ms")]
    private partial void LogStep(string step, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up step {Step} failed after {Milliseconds} ms; going on without it")]
    private partial void LogStepFailed(Exception e, string step, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up in {Milliseconds} ms; ready")]
    private partial void LogDone(long milliseconds);
}
