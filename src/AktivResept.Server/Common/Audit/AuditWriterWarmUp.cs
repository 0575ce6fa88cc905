using AktivResept.Server.Common.WarmUp;

namespace AktivResept.Server.Common.Audit;

/// <summary>The batched audit writer's connection and insert path before readiness (issue 19); it writes no row.</summary>
internal sealed class AuditWriterWarmUp(AuditWriter writer) : IWarmUpStep
{
    public string Name => "audit-writer";

    public Task RunAsync(IServiceProvider services, CancellationToken ct) => writer.WarmAsync();
}
