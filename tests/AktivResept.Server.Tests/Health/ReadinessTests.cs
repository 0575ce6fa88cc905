using System.Net;
using System.Net.Sockets;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AktivResept.Server.Tests.Health;

/// <summary>
/// Issue 20, item 4: readiness says Unhealthy (503) while the database cannot be reached or a person-data key cannot
/// be used, so a load balancer sends no traffic there; liveness stays 200, so nothing restarts a process that is fine.
/// </summary>
public sealed class ReadinessTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    [InlineData("/health/live")]
    public async Task A_configured_instance_is_ready_and_live(string path)
    {
        using var response = await app.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    [PostgresOnly("SQLite is migrated as the app starts, so an instance without its database file never gets as far as a probe.")]
    public async Task With_the_database_unreachable_it_is_not_ready_but_still_live()
    {
        await using var cut = app.WithWebHostBuilder(b => b.UseSetting(
            "ConnectionStrings:Default", $"Host=127.0.0.1;Port={ClosedPort()};Database=aktiv;Username=aktiv;Password=x;Timeout=5;Pooling=false"));

        await ShouldBeUnreadyButLiveAsync(cut);
    }

    [Fact]
    public async Task With_a_malformed_person_data_key_it_is_not_ready()
    {
        await using var broken = app.WithWebHostBuilder(b => b.UseSetting("Security:PersonDataKey", "bm90IGEga2V5"));

        await ShouldBeUnreadyButLiveAsync(broken);
    }

    [Theory]
    [InlineData("Security:PersonDataKey")]
    [InlineData("Security:PersonLookupKey")]
    public async Task With_a_well_formed_key_that_does_not_open_the_stored_data_it_is_not_ready(string setting)
    {
        await using var wrong = app.WithWebHostBuilder(b => b.UseSetting(setting, DevelopmentSecrets.NewKey()));

        await ShouldBeUnreadyButLiveAsync(wrong);
    }

    private static async Task ShouldBeUnreadyButLiveAsync(WebApplicationFactory<Program> instance)
    {
        var client = instance.CreateClient();
        foreach (var path in new[] { "/health/ready", "/health" })
        {
            using var ready = await client.GetAsync(path);
            ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, path);
            (await ready.Content.ReadAsStringAsync()).ShouldBe("Unhealthy", "no detail for an anonymous caller");
        }

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
