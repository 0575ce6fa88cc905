using System.Net;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Issue 20, item 3: every response says nosniff and no-referrer and carries a CSP that frames nothing; everything but
/// static assets is no-store, since REST, FHIR and pages all answer with personal data.
/// </summary>
public sealed class SecurityHeaderTests(SecurityHeaderTests.App app) : IClassFixture<SecurityHeaderTests.App>
{
    /// <summary>The representative URLs: (who asks, path), with {prescription} and {patient} filled in from one issue.</summary>
    public static TheoryData<string, string> PersonalData => new()
    {
        { "gp", "/api/prescriptions/{prescription}" },
        { "gp", "/api/prescriptions" },
        { "gp", "/fhir/Patient/{patient}" },
        { "gp", "/fhir/ServiceRequest/{prescription}" },
        { "web-gp", "/henvisninger" },
        { "web-gp", "/henvisninger/{prescription}" },
        { "anonymous", "/logg-inn" },
        { "anonymous", "/api/prescriptions" },
        { "anonymous", "/fhir/Patient/{patient}" },
        { "gp", "/api/no-such-thing" },
        { "anonymous", "/health" },
        { "anonymous", "/openapi/v1.json" },
    };

    public static TheoryData<string> StaticAssets => new() { "/css/site.css", "/js/error-summary.js" };

    [Theory]
    [MemberData(nameof(PersonalData))]
    public async Task Every_response_but_static_assets_is_no_store_nosniff_no_referrer_and_unframeable(string who, string path)
    {
        using var response = await GetAsync(who, path);

        var headers = response.Headers;
        headers.CacheControl.ShouldNotBeNull($"{path}: no Cache-Control").NoStore.ShouldBeTrue($"{path}: {headers.CacheControl}");
        headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldContain("frame-ancestors 'none'");
    }

    [Theory]
    [InlineData("/logg-inn")]
    [InlineData("/henvisninger")]
    public async Task Pages_allow_only_their_own_scripts_and_no_inline_script(string path)
    {
        using var response = await GetAsync("web-gp", path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var policy = Directives(response);
        policy["script-src"].ShouldBe("'self'");
        policy["object-src"].ShouldBe("'none'");
        policy["base-uri"].ShouldBe("'self'");
        policy["form-action"].ShouldBe("'self'");
        policy["frame-ancestors"].ShouldBe("'none'");
        policy.Values.ShouldAllBe(v => !v.Contains("unsafe-inline") && !v.Contains("unsafe-eval"));
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("<script>", Case.Insensitive, "an inline script the policy would block");
    }

    [Theory]
    [InlineData("/api/prescriptions/{prescription}")]
    [InlineData("/fhir/Patient/{patient}")]
    public async Task Data_answers_may_load_nothing(string path)
    {
        using var response = await GetAsync("gp", path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").ShouldBe([SecurityHeaders.DataPolicy]);
    }

    [Theory]
    [MemberData(nameof(StaticAssets))]
    public async Task Static_assets_may_be_cached_and_still_say_nosniff(string path)
    {
        using var response = await app.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (response.Headers.CacheControl?.NoStore ?? false).ShouldBeFalse();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task Outside_production_there_is_no_HSTS()
    {
        using var response = await app.CreateClient(new() { BaseAddress = new Uri("https://aktivresept.test") }).GetAsync("/logg-inn");

        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    private async Task<HttpResponseMessage> GetAsync(string who, string path)
    {
        var url = path.Replace("{prescription}", app.Prescription.ToString(), StringComparison.Ordinal)
            .Replace("{patient}", app.Patient.ToString(), StringComparison.Ordinal);
        var client = who switch
        {
            "gp" => app.AsGp(),
            "web-gp" => await app.SignedInGpAsync(),
            _ => app.CreateClient(),
        };
        return await client.GetAsync(url);
    }

    private static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem()
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : string.Empty);

    /// <summary>The app with one prescription (and so one patient) the demo GP may see.</summary>
    public sealed class App : AktivApiFactory
    {
        private HttpClient? _web;

        public Guid Prescription { get; private set; }

        public Guid Patient { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Prescription = await AsGp().IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
            Patient = await QueryAsync(db => db.Prescriptions.Where(p => p.Id == Prescription).Select(p => p.ParticipantId).SingleAsync());
        }

        public async Task<HttpClient> SignedInGpAsync()
        {
            if (_web is null)
            {
                _web = this.Browser();
                await _web.SignInAsync(DemoIdentities.Personas[0].Key);
            }

            return _web;
        }
    }
}
