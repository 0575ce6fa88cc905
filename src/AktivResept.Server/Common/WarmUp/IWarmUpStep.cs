namespace AktivResept.Server.Common.WarmUp;

/// <summary>
/// One thing an instance does once before it says ready. A step must read no personal data (nothing it does is
/// audited) and write nothing; it gets its own service scope.
/// </summary>
public interface IWarmUpStep
{
    string Name { get; }

    Task RunAsync(IServiceProvider services, CancellationToken ct);
}
