using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Rate limits per user and per client address on sign-in, national-id lookups and writes (issue 20, item 5): 429 with
/// Retry-After in each surface's shape, counted in the database so two app instances share one count, windows on the
/// app's clock. Each test is its own user or address, so the counts of one never reach another.
/// </summary>
public sealed class RequestRateLimitTests(RateLimitApp app) : IClassFixture<RateLimitApp>
{
    [Fact]
    public async Task A_user_past_the_write_limit_gets_429_with_Retry_After_and_another_user_is_unaffected()
    {
        var gp = app.AsGp();
        for (var i = 0; i < RateLimitApp.WritesPerUser; i++)
        {
            (await gp.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var before = await app.QueryAsync(db => db.Prescriptions.CountAsync());
        var refused = await gp.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true));

        var problem = await ProblemResponses.ShouldBeProblemAsync(refused, HttpStatusCode.TooManyRequests);
        problem.GetProperty("code").GetString().ShouldBe("rate-limited");
        var seconds = app.SecondsLeftInWindow(RateLimitApp.WriteWindowSeconds);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(seconds));
        problem.GetProperty("args").GetProperty("seconds").GetInt32().ShouldBe(seconds);
        (await app.QueryAsync(db => db.Prescriptions.CountAsync())).ShouldBe(before);

        (await app.AsPhysiotherapist().PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_new_window_on_the_app_clock_lets_the_user_write_again()
    {
        var nav = app.ClientAs(Roles.Referrer, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg);
        for (var i = 0; i < RateLimitApp.WritesPerUser; i++)
        {
            (await nav.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var refused = await nav.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true));
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var wait = refused.Headers.RetryAfter!.Delta!.Value;

        app.Clock.Advance(wait - TimeSpan.FromSeconds(1));
        (await nav.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await nav.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_share_the_count()
    {
        await using var second = app.SecondInstance();
        var onFirst = app.ClientAs(Roles.Referrer, DemoIdentities.HealthyLifeCentreHpr, DemoIdentities.OsloKommuneOrg);
        var onSecond = second.ClientAs(Roles.Referrer, DemoIdentities.HealthyLifeCentreHpr, DemoIdentities.OsloKommuneOrg);

        (await onFirst.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await onSecond.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await onFirst.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await onSecond.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await onFirst.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(TestData.NewNationalId(), draft: true))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Signed_deliveries_from_one_integration_share_one_allowance_across_two_instances()
    {
        await using var second = app.SecondInstance();
        var integration = await app.CreateIntegrationAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("rl", DemoIdentities.GrunerlokkaLocationId, "nobody", app.Clock.GetUtcNow().AddHours(-1)));

        (await app.CreateClient().SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.CreateClient().SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await app.CreateClient().SendAsync(app.Signed(integration, body));
        (await ProblemResponses.ShouldBeProblemAsync(refused, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString().ShouldBe("rate-limited");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(app.SecondsLeftInWindow(3600)));
        (await second.CreateClient().SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task National_id_lookups_are_limited_per_user_across_FHIR_and_REST()
    {
        // An EHR acting for the physiotherapist: a user of its own (the EHR's subject names the professional).
        var ehr = app.ClientAs(Roles.Ehr, DemoIdentities.PhysiotherapistHpr, DemoIdentities.PhysioOrg);
        for (var i = 0; i < RateLimitApp.LookupsPerUser - 1; i++)
        {
            (await ehr.GetFhirAsync($"/fhir/Patient?identifier={NationalIdSystems.Fodselsnummer}|{TestData.NewNationalId()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await ehr.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "ny-henvisning" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await ehr.GetFhirAsync($"/fhir/Patient?identifier={NationalIdSystems.Fodselsnummer}|{TestData.NewNationalId()}");
        var outcome = await refused.ShouldBeOutcomeAsync(HttpStatusCode.TooManyRequests);
        outcome.Issue.ShouldHaveSingleItem().Code.ShouldBe(OperationOutcome.IssueType.Throttled);
        outcome.Codes().ShouldBe(["rate-limited"]);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(app.SecondsLeftInWindow(RateLimitApp.LookupWindowSeconds)));

        var rest = await ehr.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "ny-henvisning" });
        (await ProblemResponses.ShouldBeProblemAsync(rest, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString().ShouldBe("rate-limited");

        // Reads that find nobody by national id are not lookups.
        (await ehr.GetAsync("/api/prescriptions")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_drafts_eligibility_check_counts_as_a_national_id_lookup_and_is_refused_over_the_limit()
    {
        // The GP's EHR: a user no other test here uses. Saving the draft is the first look-up (and a write).
        var ehr = app.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        var draft = await ehr.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), draft: true));
        for (var i = 0; i < RateLimitApp.LookupsPerUser - 1; i++)
        {
            (await ehr.GetAsync($"/api/prescriptions/{draft}/eligibility")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await ehr.GetAsync($"/api/prescriptions/{draft}/eligibility");

        (await ProblemResponses.ShouldBeProblemAsync(refused, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString().ShouldBe("rate-limited");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(app.SecondsLeftInWindow(RateLimitApp.LookupWindowSeconds)));
        (await ehr.GetAsync($"/api/prescriptions/{draft}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_ins_are_limited_per_client_address_with_a_Norwegian_page()
    {
        var client = app.ClientFrom("198.51.100.7");
        foreach (var persona in new[] { "gp", "physio", "frisklivs" })
        {
            (await RateLimitApp.SignInAsync(client, persona)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var refused = await RateLimitApp.SignInAsync(client, "nav");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var page = await refused.Content.ReadAsStringAsync();
        page.ShouldContain("<html lang=\"nb\">");
        page.ShouldContain("<h1>For mange forespørsler</h1>");
        var seconds = app.SecondsLeftInWindow(RateLimitApp.SignInWindowSeconds);
        page.ShouldContain($"Prøv igjen om {seconds} sekunder.");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(seconds));

        (await RateLimitApp.SignInAsync(app.ClientFrom("198.51.100.8"), "nav")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Sign_ins_naming_one_account_are_limited_whatever_the_address()
    {
        for (var i = 1; i <= RateLimitApp.SignInsPerAccount; i++)
        {
            (await RateLimitApp.SignInAsync(app.ClientFrom($"192.0.2.{i}"), "payer-employer")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await RateLimitApp.SignInAsync(app.ClientFrom("192.0.2.99"), "payer-employer")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await RateLimitApp.SignInAsync(app.ClientFrom("192.0.2.99"), "payer-state")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task X_Forwarded_For_names_the_client_only_when_a_known_proxy_sent_it()
    {
        // Through the known proxy, each forwarded client has its own count.
        foreach (var persona in new[] { "gym-oslo", "gym-bergen", "trainer" })
        {
            (await RateLimitApp.SignInAsync(app.ClientFrom(RateLimitApp.Proxy, "203.0.113.5"), persona)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await RateLimitApp.SignInAsync(app.ClientFrom(RateLimitApp.Proxy, "203.0.113.5"), "participant")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await RateLimitApp.SignInAsync(app.ClientFrom(RateLimitApp.Proxy, "203.0.113.6"), "participant")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // From anyone else the header is ignored: a fresh X-Forwarded-For per attempt does not buy a fresh count.
        var statuses = new List<HttpStatusCode>();
        foreach (var (persona, i) in new[] { "gym-oslo", "gym-bergen", "trainer", "municipality" }.Select((p, i) => (p, i)))
        {
            statuses.Add((await RateLimitApp.SignInAsync(app.ClientFrom("198.51.100.9", $"203.0.113.{20 + i}"), persona)).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task X_Forwarded_Proto_marks_the_request_https_only_when_a_known_proxy_sent_it()
    {
        // Where TLS ends at nginx, HSTS, Secure cookies and antiforgery depend on the app seeing the request as HTTPS.
        var fromProxy = app.ClientFrom(RateLimitApp.Proxy, "203.0.113.40");
        fromProxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var fromAnyone = app.ClientFrom("198.51.100.41", "203.0.113.41");
        fromAnyone.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        (await fromProxy.GetAsync("/health/live?proxy")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fromAnyone.GetAsync("/health/live?anyone")).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.SchemesSeen.Where(s => s.Path == "/health/live").Select(s => s.Scheme).ShouldBe(["https", "http"]);
    }

    [Fact]
    public async Task A_signed_in_persons_form_posts_count_against_their_own_write_limit()
    {
        var browser = app.ClientFrom("198.51.100.30");
        (await RateLimitApp.SignInAsync(browser, "municipality-bergen")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var empty = new FormUrlEncodedContent([]);
        for (var i = 0; i < RateLimitApp.WritesPerUser; i++)
        {
            (await browser.PostAsync("/kommune", empty)).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        }

        var refused = await browser.PostAsync("/kommune", empty);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("For mange forespørsler");

        // Someone else at the same address is not refused: the count was the person's.
        var colleague = app.ClientFrom("198.51.100.30");
        (await RateLimitApp.SignInAsync(colleague, "payer-oslo")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await colleague.PostAsync("/kommune", empty)).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Counters_hold_no_identity_or_address_in_clear_and_ended_windows_are_cleaned_up()
    {
        var gym = app.ClientAs(Roles.ProviderAdmin, org: DemoIdentities.FjordbyenOrg);
        (await gym.PostAsJsonAsync("/api/integrations", new { name = "Adgang " + Guid.NewGuid().ToString("N") })).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        (await RateLimitApp.SignInAsync(app.ClientFrom("198.51.100.40"), "gp")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var keys = await app.QueryAsync(db => db.RateLimitCounters.Select(c => c.PartitionKey).ToListAsync());
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(k => k.Length == 32 && k.All(char.IsAsciiHexDigitLower));

        app.Clock.Advance(TimeSpan.FromSeconds(RateLimitApp.LookupWindowSeconds));
        (await gym.PostAsJsonAsync("/api/integrations", new { name = "Adgang " + Guid.NewGuid().ToString("N") })).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RateLimitCleanupJob>().RunOnceAsync(CancellationToken.None);
        }

        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        var left = await app.QueryAsync(db => db.RateLimitCounters.ToListAsync());
        left.Count.ShouldBe(2, string.Join(", ", left.Select(c => c.Policy)));
        left.ShouldAllBe(c => c.ExpiresAt > now);
        // One write in the new window: the node took one block of each policy (one permit per user at this small limit).
        left.OrderBy(c => c.Policy, StringComparer.Ordinal).Select(c => (c.Policy, c.Count)).ShouldBe(
            [(RateLimitPolicy.WritesPerAddress.Name, RateLimitLeases.BlockOf(1000)), (RateLimitPolicy.WritesPerUser.Name, 1)]);
    }
}
