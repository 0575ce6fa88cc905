using AktivResept.Server.Common.Jobs;

namespace AktivResept.Server.Common.Security.KeyRotation;

public static class KeyRotationModule
{
    /// <summary>The person-data key ring's progress (<see cref="PersonDataKeyStatus"/>) and the re-encryption job.</summary>
    public static IServiceCollection AddPersonDataKeyRotation(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PersonDataRekeyOptions>(configuration.GetSection(PersonDataRekeyOptions.Section));
        services.AddScoped<PersonDataKeyStatus>();
        services.AddPeriodicJob<PersonDataRekeyJob, PersonDataRekeyOptions>(o => o.Schedule);
        return services;
    }
}
