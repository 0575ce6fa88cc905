namespace AktivResept.Server.Common.Access;

/// <summary>
/// Who the caller is in our data and what they may see: the one place features ask. Unknown and not-yours look the
/// same to a caller (both are "not found"); a role that does not fit a step is refused by the feature (403).
/// </summary>
public static class AccessModule
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        // Found caller ids are cached (see CallerRelationships); entries have size 1, so this bounds the count.
        services.AddMemoryCache(o => o.SizeLimit = 200_000);
        services.AddScoped<CallerRelationships>();
        services.AddScoped<PrescriptionScope>();
        services.AddScoped<PatientAccess>();
        services.AddScoped<ActingRoles>();
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        services.AddScoped<PersonLookups>();
        return services;
    }
}
