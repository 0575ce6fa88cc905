using System.Net;
using System.Text.RegularExpressions;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.MultiNode;

/// <summary>
/// Issue 19: two real app processes (the built server, Kestrel on free loopback ports) behind nginx, round-robin, on
/// one PostgreSQL. What a second node must not break: a session and a form token issued by one node are accepted by
/// the other (the data-protection key ring is in the database, encrypted); the client address and scheme come from
/// the proxy's headers and from nobody else's; rate limits count across both nodes; a periodic job's effect happens
/// once with both nodes running it. One test, so the processes start once; each part arranges its own data.
/// </summary>
[PostgresOnly("two processes on one database; the embedded SQLite mode is one process by design")]
public sealed partial class TwoNodesBehindProxyTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const int WritesPerUser = 5;
    private const int WritesPerAddress = 8;

    /// <summary>A window no test run crosses (fixed windows are aligned to the epoch; the next edge is in 2033).</summary>
    private const string LongWindow = "1000000000";

    private static readonly string[] Nodes = ["node-1", "node-2"];

    [Fact]
    public async Task Two_nodes_behind_nginx_share_sessions_forwarded_headers_rate_limits_and_jobs()
    {
        using var budget = new CancellationTokenSource(TestBudget.ProxiedNodes);
        var keyRingKey = DevelopmentSecrets.NewKey();
        var due = await IssuedPrescriptionsNotYetDueAsync(12);
        var ports = Nodes.Select(_ => ServerProcess.FreePort()).ToArray();
        var nodes = new List<ServerProcess>();
        NginxProxy? proxy = null;
        try
        {
            // The first node makes the key ring on its first readiness check; the second finds it in the database.
            foreach (var port in ports)
            {
                var node = ServerProcess.Start(NodeStart(port, keyRingKey));
                nodes.Add(node);
                using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(90) };
                await node.WaitUntilOkAsync(direct, "/health/ready", budget.Token);
            }

            proxy = NginxProxy.Start(ports);
            await proxy.WaitUntilOkAsync("/health/live", budget.Token);

            await KeyRingIsSharedAndEncryptedAsync(keyRingKey);
            await A_session_and_form_token_from_one_node_work_on_the_other(proxy, budget.Token);
            await The_scheme_comes_from_the_proxy_only(proxy, ports[0], budget.Token);
            await A_per_user_limit_holds_across_both_nodes(proxy, budget.Token);
            await A_per_address_limit_counts_the_forwarded_client_and_ignores_a_spoofed_header(proxy, ports[1], budget.Token);
            await A_periodic_job_on_both_nodes_takes_effect_once(due, budget.Token);
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            throw new ShouldAssertException($"{e.Message}\n--- nginx:\n{proxy?.Log}\n--- nodes:\n" +
                string.Join("\n--- next node:\n", nodes.Select(n => string.Join('\n', n.Log.TakeLast(60)))), e);
        }
        finally
        {
            proxy?.Dispose();
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private System.Diagnostics.ProcessStartInfo NodeStart(int port, string keyRingKey)
    {
        var start = ServerProcess.StartInfo(app, port);
        var settings = new Dictionary<string, string>
        {
            // Testing: the persona sign-in, and cookies Secure exactly when the request is HTTPS (SiteCookies).
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["DataProtection__KeyEncryptionKey"] = keyRingKey,
            ["ForwardedHeaders__KnownProxies"] = NginxProxy.Address.ToString(),
            ["RateLimits__WritesPerUser__PermitLimit"] = WritesPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits__WritesPerUser__WindowSeconds"] = LongWindow,
            ["RateLimits__WritesPerAddress__PermitLimit"] = WritesPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits__WritesPerAddress__WindowSeconds"] = LongWindow,
            // Both nodes run the expiry job every second.
            ["Prescriptions__RunExpiryWorker"] = "true",
            ["Prescriptions__ExpiryJobIntervalSeconds"] = "1",
        };
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private async Task KeyRingIsSharedAndEncryptedAsync(string keyRingKey)
    {
        var keys = await app.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        keys.ShouldHaveSingleItem("both nodes use the one key the first made");
        keys[0]!.ShouldContain("encryptedKey");
        keys[0]!.ShouldNotContain("masterKey", Case.Insensitive, "the key material is stored encrypted");
        keys[0]!.ShouldNotContain(keyRingKey);
    }

    private static async Task A_session_and_form_token_from_one_node_work_on_the_other(NginxProxy proxy, CancellationToken ct)
    {
        using var browser = proxy.Client(IPAddress.Loopback);

        using var signInPage = await browser.GetAsync("/logg-inn", ct);
        var pageNode = NodeOf(signInPage);
        var signInToken = TokenOf(await signInPage.Content.ReadAsStringAsync(ct));
        using var signIn = await browser.PostAsync("/konto/logg-inn", Form(signInToken, ("persona", DemoIdentities.Personas[0].Key)), ct);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync(ct));
        NodeOf(signIn).ShouldNotBe(pageNode, "the form token was issued by one node and checked by the other");

        using var signedIn = await browser.GetAsync("/henvisninger", ct);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK, "the sign-in cookie from one node is read by the other");
        NodeOf(signedIn).ShouldBe(pageNode);
        var signOutToken = TokenOf(await signedIn.Content.ReadAsStringAsync(ct));

        using var signOut = await browser.PostAsync("/konto/logg-ut", Form(signOutToken), ct);
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signOut.Content.ReadAsStringAsync(ct));
        signOut.Headers.Location!.ToString().ShouldBe("/logg-inn");
        NodeOf(signOut).ShouldNotBe(pageNode, "the signed-in form's token, bound to the session, was checked by the other node");

        using var after = await browser.GetAsync("/henvisninger", ct);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect, "signed out on both nodes");
    }

    private static async Task The_scheme_comes_from_the_proxy_only(NginxProxy proxy, int nodePort, CancellationToken ct)
    {
        using var throughProxy = proxy.Client(IPAddress.Loopback);
        using var proxied = await throughProxy.GetAsync("/logg-inn", ct);
        AntiforgeryCookie(proxied).ShouldContain("; secure", Case.Insensitive, "TLS ended at nginx, which said so in X-Forwarded-Proto");

        // Straight to a node from an address that is not the proxy, claiming HTTPS: the claim is ignored.
        using var direct = new HttpClient(NginxProxy.LocalHandler(IPAddress.Parse("127.0.0.51"))) { BaseAddress = new Uri($"http://127.0.0.1:{nodePort}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/logg-inn");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        using var spoofed = await direct.SendAsync(request, ct);
        AntiforgeryCookie(spoofed).ShouldNotContain("secure", Case.Insensitive);
    }

    private async Task A_per_user_limit_holds_across_both_nodes(NginxProxy proxy, CancellationToken ct)
    {
        using var client = proxy.Client(IPAddress.Parse("127.0.0.31"));
        var token = app.Token(Roles.Referrer, DemoIdentities.PhysiotherapistHpr, DemoIdentities.PhysioOrg);
        var answeredBy = new HashSet<string>();
        for (var i = 1; i <= WritesPerUser + 1; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/prescriptions/{Guid.NewGuid()}/start");
            request.Headers.Authorization = new("Bearer", token);
            using var response = await client.SendAsync(request, ct);
            answeredBy.Add(NodeOf(response));
            if (i <= WritesPerUser)
            {
                response.StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests, $"write {i} of {WritesPerUser} allowed");
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "the limit counts the writes both nodes answered");
                response.Headers.RetryAfter.ShouldNotBeNull();
            }
        }

        answeredBy.Count.ShouldBe(2, "both nodes answered some of the writes");
    }

    private async Task A_per_address_limit_counts_the_forwarded_client_and_ignores_a_spoofed_header(NginxProxy proxy, int nodePort, CancellationToken ct)
    {
        // Through nginx: each write by a different user (so only the address limit applies) from one client address.
        var limited = IPAddress.Parse("127.0.0.41");
        using (var client = proxy.Client(limited))
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i <= WritesPerAddress; i++)
            {
                statuses.Add(await WriteAsNewUserAsync(client, null, ct));
            }

            statuses.Take(WritesPerAddress).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests);
            statuses[^1].ShouldBe(HttpStatusCode.TooManyRequests);
        }

        // Another client behind the same proxy has its own allowance: the node counted X-Forwarded-For, not nginx.
        using (var neighbour = proxy.Client(IPAddress.Parse("127.0.0.42")))
        {
            (await WriteAsNewUserAsync(neighbour, null, ct)).ShouldNotBe(HttpStatusCode.TooManyRequests);
        }

        // Straight to a node, not through the proxy: a fresh X-Forwarded-For per request does not buy a fresh allowance.
        var spoofer = IPAddress.Parse("127.0.0.43");
        var spoofedAddresses = Enumerable.Range(1, WritesPerAddress + 1).Select(i => $"203.0.113.{i}").ToList();
        using (var direct = new HttpClient(NginxProxy.LocalHandler(spoofer)) { BaseAddress = new Uri($"http://127.0.0.1:{nodePort}"), Timeout = TimeSpan.FromSeconds(90) })
        {
            var statuses = new List<HttpStatusCode>();
            foreach (var forged in spoofedAddresses)
            {
                statuses.Add(await WriteAsNewUserAsync(direct, forged, ct));
            }

            statuses.Take(WritesPerAddress).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests);
            statuses[^1].ShouldBe(HttpStatusCode.TooManyRequests);
        }

        // The stored counters (keyed hashes of the addresses) say the same: the client addresses counted, no forged one.
        var partitions = app.Services.GetRequiredService<RateLimitPartitions>();
        var counts = await app.QueryAsync(db => db.RateLimitCounters
            .Where(c => c.Policy == RateLimitPolicy.WritesPerAddress.Name)
            .Select(c => new { c.PartitionKey, c.Count })
            .ToDictionaryAsync(c => c.PartitionKey, c => c.Count));
        // Full: at the limit, or one past it where the refused attempt reached a node that did not yet know the window
        // was full (a node that knows refuses without counting again; RateLimitLeases).
        counts[partitions.Of(PartitionBy.Address, limited.ToString())].ShouldBeInRange(WritesPerAddress, WritesPerAddress + 1);
        counts[partitions.Of(PartitionBy.Address, spoofer.ToString())].ShouldBe(WritesPerAddress);
        spoofedAddresses.ShouldAllBe(forged => !counts.ContainsKey(partitions.Of(PartitionBy.Address, forged)));
    }

    private async Task<HttpStatusCode> WriteAsNewUserAsync(HttpClient client, string? forwardedFor, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/prescriptions/{Guid.NewGuid()}/start");
        request.Headers.Authorization = new("Bearer", app.Token(Roles.Participant, fnr: TestData.NewNationalId()));
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request, ct);
        return response.StatusCode;
    }

    /// <summary>Issued now (by the test host), so not due until the test moves their issue date back.</summary>
    private async Task<List<Guid>> IssuedPrescriptionsNotYetDueAsync(int count)
    {
        var gp = app.AsGp();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId())));
        }

        // The nodes run on the real clock, the test host on its own: issued "now" in real time, not yet due.
        var now = DateTimeOffset.UtcNow;
        await app.QueryAsync(db => db.Prescriptions.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.IssuedAt, now)));
        return ids;
    }

    private async Task A_periodic_job_on_both_nodes_takes_effect_once(List<Guid> ids, CancellationToken ct)
    {
        // Both nodes run the expiry job every second; the prescriptions fall due for both at once.
        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);
        await app.QueryAsync(db => db.Prescriptions.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.IssuedAt, longAgo)));

        while (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => ids.Contains(p.Id) && p.Status != PrescriptionStatus.Expired)) > 0)
        {
            // Waiting on the jobs' effect; the interval only paces the polling.
            await Task.Delay(200, ct);
        }

        var changes = await app.QueryAsync(db => db.StatusChanges
            .Where(s => ids.Contains(s.PrescriptionId) && s.To == PrescriptionStatus.Expired)
            .GroupBy(s => s.PrescriptionId)
            .Select(g => g.Count())
            .ToListAsync());
        changes.Count.ShouldBe(ids.Count);
        changes.ShouldAllBe(count => count == 1, "each prescription expired once, whichever node won it");
        var resources = ids.Select(id => $"Prescription/{id}").ToList();
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => resources.Contains(a.Resource) && a.Action == "update:Expired" && a.Outcome == AuditOutcome.Success)))
            .ShouldBe(ids.Count);
    }

    private static string NodeOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(NginxProxy.UpstreamHeader, out var values) ? values.Single() : throw new ShouldAssertException("no upstream named by nginx");

    private static string AntiforgeryCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("aktivresept.af=", StringComparison.Ordinal));

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Prepend(KeyValuePair.Create("__RequestVerificationToken", token)));

    private static string TokenOf(string html) =>
        TokenField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new ShouldAssertException("no antiforgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
