using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Jobs;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Keeps the audit log's partitions ready: the current month and <see cref="AuditOptions.PartitionMonthsAhead"/> after
/// it (<see cref="AuditPartitions"/>). Safe in every instance at once: an advisory lock, and a partition that exists is
/// left alone. Should the job be down for months, inserts land in the DEFAULT partition and are moved into their month's
/// partition when it is created.
/// </summary>
public sealed class AuditPartitionJob(AuditPartitions partitions, TimeProvider clock, IOptions<AuditOptions> options, ILogger<AuditPartitionJob> logger) : IPeriodicJob
{
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var month = AuditMonth.Of(clock.GetUtcNow());
        var created = await partitions.EnsureAsync(month, month.AddMonths(Math.Max(0, options.Value.PartitionMonthsAhead)), ct);
        foreach (var m in created)
        {
            logger.LogInformation("Created the audit partitions of {Month}", AuditMonth.Label(m));
        }
    }
}
