using System.Net;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;

namespace AktivResept.Server.Tests.Configuration;

/// <summary>
/// The other half of failing fast: the real server process in Production, given every setting a deployment must name,
/// starts, listens and reports ready. (The OIDC authority is never contacted: no request carries a bearer token.)
/// </summary>
public sealed class ProductionStartTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Production_that_names_every_setting_starts_and_is_ready()
    {
        using var budget = new CancellationTokenSource(TestBudget.TwoNodes);
        var port = ServerProcess.FreePort();
        var start = ServerProcess.StartInfo(app, port);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__Mode"] = "Oidc";
        start.Environment["Auth__Authority"] = "https://helseid.example.test";
        start.Environment.Remove("Auth__DevelopmentSigningKey");
        start.Environment["Identity__AllowTestIdentities"] = "false";
        start.Environment["DataProtection__KeyEncryptionKey"] = DevelopmentSecrets.NewKey();
        using var server = ServerProcess.Start(start);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await server.WaitUntilOkAsync(http, "/health/ready", budget.Token);

            ready.ShouldBe("Healthy");
            (await http.GetAsync("/health/live", budget.Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
            server.Log.ShouldNotContain(l => l.StartsWith("Refusing to start", StringComparison.Ordinal));
        }
        finally
        {
            await server.KillAsync();
        }
    }
}
