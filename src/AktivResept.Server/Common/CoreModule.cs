using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.Partitions;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Security.KeyRotation;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.People;

namespace AktivResept.Server.Common;

public static class CoreModule
{
    /// <summary>Cross-cutting services every feature uses: person-data protection and the audit log.</summary>
    public static IServiceCollection AddCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PersonDataKeyOptions>(configuration.GetSection(PersonDataKeyOptions.Section));
        services.Configure<TestIdentityOptions>(configuration.GetSection(TestIdentityOptions.Section));
        services.AddSingleton<AtRestCipher>();
        services.AddPersonDataKeyRotation(configuration);
        services.AddSingleton<NationalIdLookupHash>();
        services.AddSingleton<Pseudonyms>();
        services.AddScoped<PersonDirectory>();
        services.AddScoped<CareRelationshipImporter>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditWriter>();
        services.AddWarmUpStep<AuditWriterWarmUp>();
        services.Configure<AuditOptions>(configuration.GetSection(AuditOptions.Section));
        services.AddScoped<AuditChainReader>();
        services.AddSingleton<LateCommitSweep>();
        services.AddPeriodicJob<AuditSealingJob, AuditOptions>(o => PeriodicJobSchedule.Every(o.RunSealer, o.SealIntervalSeconds));
        services.AddScoped<AuditPartitions>();
        services.AddScoped<AttendancePartitions>();
        services.AddOptions<PartitionOptions>().Bind(configuration.GetSection(PartitionOptions.Section));
        services.AddPeriodicJob<MonthlyPartitionJob, PartitionOptions>(o => PeriodicJobSchedule.Every(o.RunJob, o.IntervalSeconds));

        // The sign-in cookie and antiforgery tokens are protected by ASP.NET Core's key ring, which every node must share
        // and which must outlive a restart (else everyone is signed out): kept in the database, encrypted (SharedKeyRing).
        services.AddSharedKeyRing(configuration);
        return services;
    }

    /// <summary>In Development, locally generated keys stand in for the secret store (see DevelopmentSecrets).</summary>
    public static WebApplicationBuilder AddDevelopmentSecrets(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment() && builder.Configuration.GetValue("Auth:Mode", "Oidc") == "Development")
        {
            builder.Configuration.AddJsonFile(DevelopmentSecrets.EnsureFile(), optional: false, reloadOnChange: false);
        }

        return builder;
    }
}
