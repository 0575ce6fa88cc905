using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AktivResept.Benchmarks;

/// <summary>The real app on Kestrel (loopback, ephemeral port) over a PostgreSQL database, migrated and seeded.</summary>
/// <remarks><paramref name="settings"/> override or add configuration for one scenario (e.g. a lifted rate limit).</remarks>
public sealed class BenchHost(string connectionString, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _signingKey = DevelopmentSecrets.NewKey();

    public Uri Address { get; private set; } = new("http://127.0.0.1");

    public async Task StartAsync()
    {
        // The factory looks for the app's content root next to a .sln; point it at the server project instead.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_AKTIVRESEPT_SERVER", ServerProjectFolder());
        // Migrated before the server starts: its background jobs start with it and would otherwise query tables that do
        // not exist yet (a screenful of failures in every run's log).
        await using (var migrator = new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql(connectionString).Options))
        {
            await migrator.Database.MigrateAsync();
        }

        UseKestrel(0);
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AktivDbContext>().Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }

    private static string ServerProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AktivResept.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "AktivResept.Server");
            }
        }

        return AppContext.BaseDirectory;
    }

    public string Token(string role, string? hpr = null, string? org = null) =>
        DevTokens.Mint(_signingKey, "aktivresept", role, hpr, org, null, null, TimeSpan.FromHours(2), DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        var defaults = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = connectionString,
            ["Auth:Mode"] = "Development",
            ["Auth:DevelopmentSigningKey"] = _signingKey,
            ["Security:PersonDataKey"] = DevelopmentSecrets.NewKey(),
            ["Security:PersonLookupKey"] = DevelopmentSecrets.NewKey(),
            ["Identity:AllowTestIdentities"] = "true",
            ["Prescriptions:RunExpiryWorker"] = "false",
            // Off while a host seeds (the warm-up runs once the server listens, before the seeding's rows exist); a
            // scenario that measures a ready app turns it on for a host started on the seeded database (LoadDriver).
            ["WarmUp:Enabled"] = "false",
            // Load from one user and address: limits out of reach, but every limited request still pays its counter upsert.
            ["RateLimits:SignInPerAccount:PermitLimit"] = "1000000000",
            ["RateLimits:SignInPerAddress:PermitLimit"] = "1000000000",
            ["RateLimits:LookupsPerUser:PermitLimit"] = "1000000000",
            ["RateLimits:LookupsPerAddress:PermitLimit"] = "1000000000",
            ["RateLimits:WritesPerUser:PermitLimit"] = "1000000000",
            ["RateLimits:WritesPerAddress:PermitLimit"] = "1000000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            defaults[key] = value;
        }

        foreach (var (key, value) in defaults)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
