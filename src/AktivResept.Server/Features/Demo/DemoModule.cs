using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Demo;

public static class DemoModule
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoHistory>();
        services.AddScoped<DemoPilot>();
        services.AddScoped<DemoRouting>();
        services.AddScoped<DemoProgrammes>();
        services.AddScoped<DemoClaims>();
        services.AddScoped<DemoResearch>();
        return services;
    }

    /// <summary>
    /// The embedded SQLite mode is zero set-up: migrate and seed on start. PostgreSQL is migrated only by the
    /// explicit <c>migrate</c> verb, never by a starting app instance.
    /// </summary>
    public static async Task PrepareEmbeddedDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        if (!db.IsSqlite())
        {
            return;
        }

        app.Logger.LogInformation(
            "Embedded SQLite database {DataSource}: one writer at a time, jobs claim work without row locks. For several instances use Database:Provider=PostgreSQL.",
            db.Database.GetDbConnection().DataSource);
        await db.Database.MigrateAsync();
        if (app.Configuration.GetValue("Demo:SeedOnStart", false))
        {
            await SeedFullDemoAsync(scope.ServiceProvider, CancellationToken.None);
        }
    }

    /// <summary>
    /// The demo a person looks at: the base data (<see cref="DemoSeeder"/>, which the test fixtures also use) and the
    /// year of contract history (<see cref="DemoHistory"/>, which they do not: it would slow every test class and change
    /// what they count). True when the base data was seeded now.
    /// </summary>
    public static async Task<bool> SeedFullDemoAsync(IServiceProvider services, CancellationToken ct)
    {
        var seeded = await services.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        await services.GetRequiredService<DemoHistory>().SeedAsync(ct);
        await services.GetRequiredService<DemoPilot>().SeedAsync(ct);
        await services.GetRequiredService<DemoRouting>().SeedAsync(ct);
        await services.GetRequiredService<DemoProgrammes>().SeedAsync(ct);
        await services.GetRequiredService<DemoClaims>().SeedAsync(ct);
        await services.GetRequiredService<DemoResearch>().SeedAsync(ct);
        return seeded;
    }
}
