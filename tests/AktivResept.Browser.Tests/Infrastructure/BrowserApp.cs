using System.Net;
using System.Net.Http.Headers;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel, on a free loopback port, against its own fresh PostgreSQL database migrated and seeded
/// with the demo data. The browser reaches it over real HTTP, cookies, antiforgery and all. The app runs on a controlled
/// clock, so "today", "this week" and "last month" on the pages are the same on every run, whatever the wall clock says.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The instant the app's clock stands at: a Wednesday late morning in Oslo, mid-month and mid-week.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    private readonly string _signingKey = DevelopmentSecrets.NewKey();

    private TestDatabase? _database;

    public string BaseUrl { get; private set; } = string.Empty;

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Today in Oslo on the app's clock.</summary>
    public DateOnly Today => OsloCalendar.DateOf(Clock.GetUtcNow());

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AktivDbContext>().Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>
    /// An API client over real HTTP to the running server, with a development token for the given identity. Tokens are
    /// checked against the real clock by the JWT handler, so they are minted at real time.
    /// </summary>
    public HttpClient ApiAs(string role, string? hpr = null, string? org = null, string? fnr = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", DevTokens.Mint(_signingKey, "aktivresept", role, hpr, org, fnr, null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        return client;
    }

    /// <summary>Runs something against the app's own services (its DbContext, a background job) in a fresh scope.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Extra settings a derived app adds (e.g. the web sign-in pointed at a local provider).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var database = _database ?? throw new InvalidOperationException("The database is created before the host.");
        builder.UseEnvironment("Testing");
        // Outside Development, framework assets such as _framework/blazor.web.js are served from the build's
        // static web assets manifest only when asked; a published app has them in wwwroot instead.
        builder.UseStaticWebAssets();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = database.ConnectionString,
            ["Auth:Mode"] = "Development",
            ["Auth:DevelopmentSigningKey"] = _signingKey,
            ["Security:PersonDataKey"] = DevelopmentSecrets.NewKey(),
            ["Security:PersonLookupKey"] = DevelopmentSecrets.NewKey(),
            ["Identity:AllowTestIdentities"] = "true",
            ["Prescriptions:RunExpiryWorker"] = "false",
            ["WarmUp:Enabled"] = "false",
            // Tests run the adherence job themselves, so what a page shows does not depend on a timer.
            ["Attendance:RunAdherenceJob"] = "false",
            // ...and the notifications fan-out, so an inbox holds exactly what the test fanned out.
            ["Notifications:RunFanout"] = "false",
            ["Notifications:RunDispatcher"] = "false",
            // ...and the KPI evaluation, so a dashboard shows what the test evaluated.
            ["Contracts:Evaluation:RunJob"] = "false",
            // ...and the outcome reminders, the dialogmelding sender and the rate-limit cleanup: jobs a journey does not
            // use, which would otherwise race the migration at start and write beside the journey.
            ["Outcomes:RunScheduleJob"] = "false",
            ["Programmes:Booking:RunOfferExpiryJob"] = "false",
            ["Programmes:Booking:RunSessionCloseJob"] = "false",
            ["Dialogmelding:RunSender"] = "false",
            ["RateLimits:RunCleanupJob"] = "false",
            ["Audit:RunSealer"] = "false",
            // Claims journeys arrange last month's sessions through the webhook, which refuses events older than this.
            ["Attendance:LateEventDays"] = "62",
            ["Demo:SeedOnStart"] = "false",
            ["SectorStatistics:RunJob"] = "false",
            // Every journey signs in from 127.0.0.1: the rate limits are tested by the server suite, not met here.
            ["RateLimits:SignInPerAccount:PermitLimit"] = "1000000",
            ["RateLimits:SignInPerAddress:PermitLimit"] = "1000000",
            ["RateLimits:LookupsPerUser:PermitLimit"] = "1000000",
            ["RateLimits:LookupsPerAddress:PermitLimit"] = "1000000",
            ["RateLimits:WritesPerUser:PermitLimit"] = "1000000",
            ["RateLimits:WritesPerAddress:PermitLimit"] = "1000000",
        };
        foreach (var (key, value) in settings.Concat(ExtraSettings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
