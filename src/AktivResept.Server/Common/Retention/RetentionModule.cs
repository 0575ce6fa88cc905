using AktivResept.Server.Common.Jobs;

namespace AktivResept.Server.Common.Retention;

public static class RetentionModule
{
    /// <summary>The shortest audit retention a configuration may set: a year of access log at the least.</summary>
    public const int MinimumAuditMonths = 12;

    /// <summary>The shortest attendance retention other than 0 (forever): a year, so claims and KPI periods still find their sessions.</summary>
    public const int MinimumAttendanceMonths = 12;

    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => new[] { o.OutboxDays, o.DeliveriesDays, o.InboxDays, o.UnmatchedAttendanceDays, o.DialogmeldingContentDays }.All(d => d >= 1),
                "Every Retention:*Days setting must be at least 1.")
            .Validate(o => o.AuditMonths >= MinimumAuditMonths, $"Retention:AuditMonths must be at least {MinimumAuditMonths}.")
            .Validate(o => o.AttendanceMonths == 0 || o.AttendanceMonths >= MinimumAttendanceMonths,
                $"Retention:AttendanceMonths must be 0 (keep forever) or at least {MinimumAttendanceMonths}.")
            .ValidateOnStart();
        services.AddPeriodicJob<RetentionJob, RetentionOptions>(o => PeriodicJobSchedule.Every(o.RunJob, o.IntervalSeconds));
        return services;
    }
}
