using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Security;
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
        services.AddSingleton<NationalIdLookupHash>();
        services.AddSingleton<Pseudonyms>();
        services.AddScoped<PersonDirectory>();
        services.AddScoped<AuditLog>();
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
