using System.Net.Http.Headers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// The app on its own fresh database (PostgreSQL, or SQLite with AKTIVRESEPT_TEST_DB=sqlite), migrated and seeded with the demo data, with a controllable clock
/// and locally signed tokens. One per test class (xunit class fixture); tests arrange their own extra data.
/// </summary>
public class AktivApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The instant the test clock starts at: a Tuesday morning in Oslo.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private readonly string _signingKey = DevelopmentSecrets.NewKey();
    private readonly string _personDataKey = DevelopmentSecrets.NewKey();
    private readonly string _personLookupKey = DevelopmentSecrets.NewKey();
    private readonly bool _ownsDatabase = true;
    private readonly IDictionary<string, string?> _inheritedSettings = new Dictionary<string, string?>();
    private TestDatabase? _database;

    public AktivApiFactory()
    {
    }

    /// <summary>A second app instance on the same database, keys, clock and extra settings: for tests of what two nodes do at once.</summary>
    private AktivApiFactory(AktivApiFactory first)
    {
        _signingKey = first._signingKey;
        _personDataKey = first._personDataKey;
        _personLookupKey = first._personLookupKey;
        _database = first.Database;
        _ownsDatabase = false;
        _inheritedSettings = first.ExtraSettings;
        Clock = first.Clock;
        Resolver = first.Resolver;
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>The DNS the outbound rule asks (Common/Security/OutboundEndpoints), at registration and at connect time.</summary>
    public FakeHostResolver Resolver { get; } = new();

    public AktivApiFactory SecondInstance() => new(this);

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The factory is not initialised.");

    /// <summary>
    /// The configuration every instance of this test app runs with: database, keys, and background workers off (tests
    /// run jobs themselves under the controlled clock). Also used to start the server as a separate process.
    /// </summary>
    public IReadOnlyDictionary<string, string?> HostSettings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = Database.Provider,
                ["ConnectionStrings:Default"] = Database.ConnectionString,
                ["Auth:Mode"] = "Development",
                ["Auth:DevelopmentSigningKey"] = _signingKey,
                ["Security:PersonDataKey"] = _personDataKey,
                ["Security:PersonLookupKey"] = _personLookupKey,
                ["Identity:AllowTestIdentities"] = "true",
                ["Prescriptions:RunExpiryWorker"] = "false",
                ["Attendance:RunAdherenceJob"] = "false",
                ["Outcomes:RunScheduleJob"] = "false",
                ["Programmes:Booking:RunOfferExpiryJob"] = "false",
                ["Programmes:Booking:RunSessionCloseJob"] = "false",
                ["Notifications:RunFanout"] = "false",
                ["Notifications:RunDispatcher"] = "false",
                ["Dialogmelding:RunSender"] = "false",
                ["Contracts:Evaluation:RunJob"] = "false",
                ["Demo:SeedOnStart"] = "false",
                ["SectorStatistics:RunJob"] = "false",
                ["WarmUp:Enabled"] = "false",
            };
            // Rate limits high enough that no test but those about them meets one (they set their own); counters
            // are still written on every limited request, so the whole suite exercises that path.
            foreach (var policy in RateLimitPolicy.All)
            {
                settings[$"RateLimits:{policy.Name}:PermitLimit"] = "1000000";
            }

            settings["RateLimits:RunCleanupJob"] = "false";
            settings["Audit:RunSealer"] = "false";
            settings["Partitions:RunJob"] = "false";
            settings["Retention:RunJob"] = "false";
            settings["Security:Rekey:RunJob"] = "false";
            foreach (var (key, value) in _inheritedSettings.Concat(ExtraSettings))
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <summary>Extra settings a derived factory can add (e.g. a shorter acceptance deadline).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        await db.Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null && _ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting, not ConfigureAppConfiguration: Program reads some settings while registering services, before
        // late configuration sources would be added.
        foreach (var (key, value) in HostSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<IHostResolver>();
            services.AddSingleton<IHostResolver>(Resolver);
        });
    }

    /// <summary>A client whose requests carry a token for the given role and identity.</summary>
    public HttpClient ClientAs(string role, string? hpr = null, string? org = null, string? fnr = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, hpr, org, fnr));
        if (Roles.Prescribers.Contains(role))
        {
            // Like a configured EHR: every FHIR look-up by national id states its purpose (issue 21, docs/fhir.md).
            client.DefaultRequestHeaders.Add(Common.Access.LookupPurpose.Header, Common.Access.LookupPurpose.FollowUp);
        }

        return client;
    }

    /// <summary>Tokens are checked against the real clock by the JWT handler, so they are minted at real time.</summary>
    public string Token(string role, string? hpr = null, string? org = null, string? fnr = null) =>
        DevTokens.Mint(_signingKey, "aktivresept", role, hpr, org, fnr, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public HttpClient AsGp() => ClientAs(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);

    public HttpClient AsPhysiotherapist() => ClientAs(Roles.Referrer, DemoIdentities.PhysiotherapistHpr, DemoIdentities.PhysioOrg);

    public HttpClient AsOsloGym() => ClientAs(Roles.ProviderAdmin, org: DemoIdentities.AktivTreningOsloOrg);

    public HttpClient AsBergenGym() => ClientAs(Roles.ProviderAdmin, org: DemoIdentities.BergenHelsetreningOrg);

    public HttpClient AsParticipant(string fnr) => ClientAs(Roles.Participant, fnr: fnr);

    /// <summary>Runs a query against the app's database, for assertions on what was (not) persisted.</summary>
    public async Task<T> QueryAsync<T>(Func<AktivDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AktivDbContext>());
    }
}
