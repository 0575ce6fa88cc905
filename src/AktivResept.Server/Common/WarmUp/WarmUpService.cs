using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.WarmUp;

/// <summary>
/// Runs the steps side by side, then opens the <see cref="WarmUpGate"/>. Steps that need no listening server start
/// as the host begins to start its services: before Kestrel listens, the web host builds its pipeline and waits for
/// the endpoints' build (Common/WarmUp/EndpointsOnce), which keeps one core busy and leaves the other idle (issue 19's
/// timeline of a start). The pipeline step waits until the server listens.
/// </summary>
internal sealed partial class WarmUpService(
    IEnumerable<IWarmUpStep> steps, WarmUpGate gate, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime,
    IOptions<WarmUpOptions> options, ILogger<WarmUpService> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _warming = Task.CompletedTask;

    /// <summary>Called before any hosted service's <c>StartAsync</c>, the web host's included.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _warming = WarmAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        // WarmAsync ends once its steps have seen the cancellation, and never throws; the host's own token bounds the wait.
        await _warming.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Cancels rather than disposes, as BackgroundService does: under WebApplication.RunAsync the host can be disposed
    /// while another caller's StopAsync still walks the services, and a disposed source would throw there.
    /// </summary>
    public void Dispose() => _stopping.Cancel();

    private async Task WarmAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            // All at once: they are independent, and mostly the JIT's work, which a second core halves.
            var total = Stopwatch.StartNew();
            var running = steps.Where(step => !step.NeedsListeningServer).Select(step => RunAsync(step, limit.Token)).ToList();
            if (await ListeningAsync(stoppingToken))
            {
                running.AddRange(steps.Where(step => step.NeedsListeningServer).Select(step => RunAsync(step, limit.Token)));
            }

            // RunAsync never throws: every started step's end is awaited, also when the instance stops before it listens.
            await Task.WhenAll(running);
            if (!stoppingToken.IsCancellationRequested)
            {
                LogDone(total.ElapsedMilliseconds);
            }
        }
        finally
        {
            gate.Open();
        }
    }

    /// <summary>True once the server listens, which it does once the host has started; false if the instance stops first.</summary>
    private async Task<bool> ListeningAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult(true)))
        using (stoppingToken.Register(() => started.TrySetResult(false)))
        {
            return await started.Task;
        }
    }

    /// <summary>One step in its own scope; a failure is logged and skipped, and never keeps the instance from saying ready.</summary>
    private async Task RunAsync(IWarmUpStep step, CancellationToken ct)
    {
        // Off the caller's thread at once, so the steps' synchronous starts run side by side and the host's start goes on.
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await step.RunAsync(scope.ServiceProvider, ct);
            LogStep(step.Name, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
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
