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
    public static async Task PrepareEmbeddedDatabaseAsync(this WebApplication app) =>
        await PrepareEmbeddedDatabaseAsync(app.Services, app.Configuration.GetValue("Demo:SeedOnStart", false), app.Logger, CancellationToken.None);

    /// <summary>
    /// On SQLite: migrate unless the newest migration is already applied, then (when asked) seed the full demo unless
    /// its marker says it is complete — a restart reads two small things instead of running the migrator and every
    /// step's queries (issue 19). True when it migrated. Does nothing on PostgreSQL.
    /// </summary>
    public static async Task<bool> PrepareEmbeddedDatabaseAsync(IServiceProvider services, bool seedDemo, ILogger logger, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        if (!db.IsSqlite())
        {
            return false;
        }

        logger.LogInformation(
            "Embedded SQLite database {DataSource}: one writer at a time, jobs claim work without row locks. For several instances use Database:Provider=PostgreSQL.",
            db.Database.GetDbConnection().DataSource);
        var migrate = !await db.Database.HasNewestMigrationAsync(ct);
        if (migrate)
        {
            await db.Database.MigrateAsync(ct);
        }

        if (seedDemo)
        {
            await SeedFullDemoAsync(scope.ServiceProvider, ct);
        }

        return migrate;
    }

    /// <summary>The full demo's steps, in order; each asks whether its data is already there before it seeds.</summary>
    private static readonly (string Name, Func<IServiceProvider, CancellationToken, Task<bool>> SeedAsync)[] FullDemo =
    [
        (nameof(DemoSeeder), (s, ct) => s.GetRequiredService<DemoSeeder>().SeedAsync(ct)),
        (nameof(DemoHistory), (s, ct) => s.GetRequiredService<DemoHistory>().SeedAsync(ct)),
        (nameof(DemoPilot), (s, ct) => s.GetRequiredService<DemoPilot>().SeedAsync(ct)),
        (nameof(DemoRouting), (s, ct) => s.GetRequiredService<DemoRouting>().SeedAsync(ct)),
        (nameof(DemoProgrammes), (s, ct) => s.GetRequiredService<DemoProgrammes>().SeedAsync(ct)),
        (nameof(DemoClaims), (s, ct) => s.GetRequiredService<DemoClaims>().SeedAsync(ct)),
        (nameof(DemoResearch), (s, ct) => s.GetRequiredService<DemoResearch>().SeedAsync(ct)),
    ];

    /// <summary>What <see cref="DemoSeedMarker"/> holds once every step of this build's full demo has run.</summary>
    internal static int FullDemoMarker { get; } = DemoSeedMarker.For(FullDemo.Select(step => step.Name));

    /// <summary>
    /// The demo a person looks at: the base data (<see cref="DemoSeeder"/>, which the test fixtures also use) and the
    /// year of contract history (<see cref="DemoHistory"/>, which they do not: it would slow every test class and change
    /// what they count). A step that cannot seed throws, and the marker is written only after the last step, so a
    /// failed seed is tried again on the next start. True when the base data was seeded now.
    /// </summary>
    public static async Task<bool> SeedFullDemoAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AktivDbContext>();
        if (await DemoSeedMarker.IsSetAsync(db, FullDemoMarker, ct))
        {
            return false;
        }

        var seeded = await FullDemo[0].SeedAsync(services, ct);
        foreach (var step in FullDemo.Skip(1))
        {
            await step.SeedAsync(services, ct);
        }

        await DemoSeedMarker.SetAsync(db, FullDemoMarker, ct);
        return seeded;
    }
}
