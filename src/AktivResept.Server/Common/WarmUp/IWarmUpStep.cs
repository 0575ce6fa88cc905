namespace AktivResept.Server.Common.WarmUp;

/// <summary>
/// One thing an instance does once before it says ready. A step must read no personal data and leave nothing behind:
/// what it writes (e.g. the synthetic prescription the FHIR search is warmed on, and that search's audit row) it writes
/// inside a transaction it rolls back.
/// It gets its own service scope.
/// </summary>
public interface IWarmUpStep
{
    string Name { get; }

    /// <summary>
    /// True for a step that sends requests to the instance itself, which can run only once Kestrel listens. The others
    /// start before the host starts its services, so they use the core the endpoints' build leaves idle.
    /// </summary>
    bool NeedsListeningServer => false;

    Task RunAsync(IServiceProvider services, CancellationToken ct);
}
