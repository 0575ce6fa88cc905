using AktivResept.Domain.Audit;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Features.Attendance;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Partitions;

/// <summary>
/// Keeps the monthly partitions of the audit log (<see cref="AuditPartitions"/>) and of attendance
/// (<see cref="AttendancePartitions"/>) ready: the current UTC month and <see cref="PartitionOptions.MonthsAhead"/>
/// after it. Safe in every instance at once: an advisory lock per table family, and a partition that exists is left
/// alone. Should the job be down for months, inserts land in the DEFAULT partitions and are moved into their month's
/// partition when it is created (<c>Data/MonthlyPartitions</c>).
/// </summary>
public sealed class MonthlyPartitionJob(AuditPartitions audit, AttendancePartitions attendance, TimeProvider clock, IOptions<PartitionOptions> options, ILogger<MonthlyPartitionJob> logger) : IPeriodicJob
{
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var month = AuditMonth.Of(clock.GetUtcNow());
        var last = month.AddMonths(Math.Max(0, options.Value.MonthsAhead));
        foreach (var m in await audit.EnsureAsync(month, last, ct))
        {
            logger.LogInformation("Created the audit partitions of {Month}", AuditMonth.Label(m));
        }

        foreach (var m in await attendance.EnsureAsync(month, last, ct))
        {
            logger.LogInformation("Created the attendance partition of {Month}", AuditMonth.Label(m));
        }
    }
}
