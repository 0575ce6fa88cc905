using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AktivResept.Server.Common.WarmUp;

/// <summary>Closed until the warm-up has run (or is turned off); readiness asks it.</summary>
public sealed class WarmUpGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsOpen => _opened.Task.IsCompleted;

    /// <summary>Completes when the gate opens: what a test waits on instead of polling.</summary>
    public Task Opened => _opened.Task;

    public void Open() => _opened.TrySetResult();
}

/// <summary>Not ready while the instance warms up; <c>/health/live</c> does not ask it.</summary>
internal sealed class WarmUpHealthCheck(WarmUpGate gate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Warming up."));
}
