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

    Task RunAsync(IServiceProvider services, CancellationToken ct);
}
