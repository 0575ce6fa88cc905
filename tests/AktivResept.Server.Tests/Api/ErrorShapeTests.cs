using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AktivResept.Server.Tests.Api;

/// <summary>Every problem carries stable error codes: per field for validation, top-level for the rest.</summary>
public sealed class ErrorShapeTests(ErrorShapeTests.Factory app) : IClassFixture<ErrorShapeTests.Factory>
{
    private readonly HttpClient _gp = app.AsGp();

    /// <summary>A small delivery allowance that does not refill during a run, so the 429 is reached deterministically.</summary>
    public sealed class Factory : AktivApiFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Integrations:RateLimitRequests"] = "2",
            ["Integrations:RateLimitWindowSeconds"] = "3600",
        };
    }

    [Fact]
    public async Task A_validation_problem_gives_each_field_its_code_message_and_arguments()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["sessionsPerWeek"] = 9;
        request["minutesPerSession"] = null;

        var problem = await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest);

        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.GetProperty("type").GetString().ShouldNotBeNullOrWhiteSpace();
        var errors = problem.GetProperty("errors");
        var range = errors.GetProperty("sessionsPerWeek").EnumerateArray().ShouldHaveSingleItem();
        range.GetProperty("code").GetString().ShouldBe("between");
        range.GetProperty("message").GetString().ShouldBe("must be between 1 and 7.");
        range.GetProperty("args").GetProperty("min").GetInt32().ShouldBe(1);
        range.GetProperty("args").GetProperty("max").GetInt32().ShouldBe(7);
        var missing = errors.GetProperty("minutesPerSession").EnumerateArray().ShouldHaveSingleItem();
        missing.GetProperty("code").GetString().ShouldBe("required");
        missing.GetProperty("args").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_step_is_a_409_with_the_code_its_arguments_and_the_field()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/cancel", new { reason = "Feil pasient" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var problem = await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/cancel", new { reason = "Igjen" }), HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("prescription.transition-not-allowed");
        problem.GetProperty("args").GetProperty("from").GetString().ShouldBe("Cancelled");
        problem.GetProperty("args").GetProperty("to").GetString().ShouldBe("Cancelled");
        problem.GetProperty("field").GetString().ShouldBe("status");
        problem.GetProperty("detail").GetString().ShouldBe("A prescription that is Cancelled cannot become Cancelled.");
    }

    [Theory]
    [InlineData("reject")]
    [InlineData("cancel")]
    public async Task A_missing_reason_is_a_validation_problem_naming_the_reason_field(string step)
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var client = step == "reject" ? await SentToGymAsync(id) : _gp;

        var problem = await ProblemResponses.ShouldBeProblemAsync(await client.PostAsJsonAsync($"/api/prescriptions/{id}/{step}", new { reason = " " }), HttpStatusCode.BadRequest);

        var error = problem.GetProperty("errors").GetProperty("reason").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("code").GetString().ShouldBe("prescription.reason-required");
    }

    [Fact]
    public async Task Not_found_and_forbidden_carry_their_codes()
    {
        var notFound = await ProblemResponses.ShouldBeProblemAsync(await _gp.GetAsync($"/api/prescriptions/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var forbidden = await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync("/api/tariffs", new { service = "PtSession", price = 500m, validFrom = "2031-01-01" }), HttpStatusCode.Forbidden);

        notFound.GetProperty("code").GetString().ShouldBe("not-found");
        forbidden.GetProperty("code").GetString().ShouldBe("forbidden.payer-only");
    }

    [Fact]
    public async Task An_oversized_body_is_413_with_the_body_too_large_code_and_the_limit()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["goals"] = new string('x', 2 * 1024 * 1024);

        var problem = await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("code").GetString().ShouldBe("body.too-large");
        problem.GetProperty("args").GetProperty("max").GetInt64().ShouldBe(1_048_576);
    }

    [Fact]
    public async Task An_unknown_provider_id_is_404_with_the_not_found_code()
    {
        var problem = await ProblemResponses.ShouldBeProblemAsync(await _gp.GetAsync($"/api/providers/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("not-found");
    }

    [Fact]
    public async Task An_unknown_path_and_a_wrong_method_under_api_answer_with_codes()
    {
        var unknown = await ProblemResponses.ShouldBeProblemAsync(await _gp.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
        var wrongMethod = await ProblemResponses.ShouldBeProblemAsync(await _gp.DeleteAsync("/api/prescriptions"), HttpStatusCode.MethodNotAllowed);

        unknown.GetProperty("code").GetString().ShouldBe("not-found");
        wrongMethod.GetProperty("code").GetString().ShouldBe("request.method-not-allowed");
    }

    [Fact]
    public async Task A_wrong_media_type_is_415_with_its_code()
    {
        var response = await _gp.PostAsync("/api/prescriptions", new StringContent("participant=1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("code").GetString().ShouldBe("request.unsupported-media-type");
    }

    [Fact]
    public async Task A_browser_opening_an_api_address_without_a_token_gets_the_401_problem_not_a_500()
    {
        // A browser asks for text/html only; no problem writer takes that, and the answer must still be the API's.
        var browser = app.CreateClient();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var problem = await ProblemResponses.ShouldBeProblemAsync(await browser.GetAsync($"/api/prescriptions/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);

        problem.GetProperty("code").GetString().ShouldBe("auth.token-required");
    }

    [Fact]
    public async Task A_missing_or_invalid_token_is_401_and_a_role_without_access_is_403_each_with_its_code()
    {
        var anonymous = app.CreateClient();
        var forged = app.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.jwt");

        var missing = await ProblemResponses.ShouldBeProblemAsync(await anonymous.GetAsync("/api/prescriptions"), HttpStatusCode.Unauthorized);
        var invalid = await ProblemResponses.ShouldBeProblemAsync(await forged.GetAsync("/api/prescriptions"), HttpStatusCode.Unauthorized);
        var unknownRole = await ProblemResponses.ShouldBeProblemAsync(await app.ClientAs("janitor").GetAsync("/api/prescriptions"), HttpStatusCode.Forbidden);
        var notAReferrer = await ProblemResponses.ShouldBeProblemAsync(await app.AsOsloGym().PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "ny-henvisning" }), HttpStatusCode.Forbidden);

        missing.GetProperty("code").GetString().ShouldBe("auth.token-required");
        invalid.GetProperty("code").GetString().ShouldBe("auth.token-invalid");
        unknownRole.GetProperty("code").GetString().ShouldBe("forbidden.role");
        notAReferrer.GetProperty("code").GetString().ShouldBe("forbidden.referrer-only");
    }

    [Fact]
    public async Task A_webhook_batch_with_one_bad_event_gives_that_event_field_errors_with_codes_and_stores_the_rest()
    {
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var at = app.Clock.GetUtcNow().AddHours(-1);
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            events = new object[]
            {
                AttendanceKit.Event("good-" + Guid.NewGuid().ToString("N"), location, "nobody", at),
                new { id = "bad", type = "sauna", occurredAt = at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), locationId = location, memberRef = "nobody", durationMinutes = 0 },
            },
        });

        var response = await app.CreateClient().SendAsync(app.Signed(integration, body));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        result.GetProperty("rejected").GetInt32().ShouldBe(1);
        result.GetProperty("results")[0].GetProperty("status").GetString().ShouldBe("queued");
        var bad = result.GetProperty("results")[1];
        bad.GetProperty("status").GetString().ShouldBe("rejected");
        var type = bad.GetProperty("errors").GetProperty("type").EnumerateArray().ShouldHaveSingleItem();
        type.GetProperty("code").GetString().ShouldBe("one-of");
        type.GetProperty("args").GetProperty("allowed").GetString().ShouldBe("check-in, class-attendance, pt-session, no-show");
        type.GetProperty("message").GetString().ShouldBe("must be one of check-in, class-attendance, pt-session, no-show.");
        var duration = bad.GetProperty("errors").GetProperty("durationMinutes").EnumerateArray().ShouldHaveSingleItem();
        duration.GetProperty("code").GetString().ShouldBe("between");
        duration.GetProperty("args").GetProperty("max").GetInt32().ShouldBe(1440);
    }

    [Fact]
    public async Task A_bad_webhook_signature_is_401_with_its_code()
    {
        var integration = await app.CreateIntegrationAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("sig", DemoIdentities.GrunerlokkaLocationId, "nobody", app.Clock.GetUtcNow().AddHours(-1)));

        var response = await app.CreateClient().SendAsync(app.Signed(integration, body, secret: "whsec_" + Convert.ToBase64String(new byte[32])));

        var problem = await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
        problem.GetProperty("code").GetString().ShouldBe("webhook.invalid-signature");
    }

    [Fact]
    public async Task A_delivery_over_the_integrations_allowance_is_429_with_the_rate_limited_code_and_the_wait()
    {
        var integration = await app.CreateIntegrationAsync();
        var client = app.CreateClient();
        var body = AttendanceKit.Batch(AttendanceKit.Event("rl", DemoIdentities.GrunerlokkaLocationId, "nobody", app.Clock.GetUtcNow().AddHours(-1)));
        for (var i = 0; i < 2; i++)
        {
            (await client.SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var response = await client.SendAsync(app.Signed(integration, body));

        var problem = await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.TooManyRequests);
        problem.GetProperty("code").GetString().ShouldBe("rate-limited");
        problem.GetProperty("args").GetProperty("seconds").GetInt32().ShouldBe((int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
    }

    [Fact]
    public async Task Failures_outside_handlers_carry_codes_and_leak_no_internals()
    {
        var conflict = await HandleAsync(new DbUpdateConcurrencyException("row version 7 of Prescriptions"));
        var race = await HandleAsync(new DbUpdateException("insert", new Npgsql.PostgresException("duplicate key", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.UniqueViolation)));
        var unavailable = await HandleAsync(new Npgsql.NpgsqlException("connection refused to db-internal:5432"));
        var crash = await HandleAsync(new InvalidOperationException("secret stack detail"));

        (conflict.Status, conflict.Code).ShouldBe((409, "concurrent-change"));
        (race.Status, race.Code).ShouldBe((409, "concurrent-change"));
        (unavailable.Status, unavailable.Code).ShouldBe((503, "service-unavailable"));
        (crash.Status, crash.Code).ShouldBe((500, "internal-error"));
        string[] bodies = [conflict.Body, race.Body, unavailable.Body, crash.Body];
        bodies.ShouldAllBe(b => !b.Contains("row version") && !b.Contains("db-internal") && !b.Contains("secret") && !b.Contains("duplicate key"));
    }

    [Fact]
    public async Task The_openapi_document_describes_api_problems_with_their_codes()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var issue = document.GetProperty("paths").GetProperty("/api/prescriptions").GetProperty("post").GetProperty("responses");

        var invalid = Resolve(schemas, issue.GetProperty("400"));
        var notFound = Resolve(schemas, issue.GetProperty("404"));
        var conflict = Resolve(schemas, issue.GetProperty("409"));

        var error = Resolve(schemas, Items(Resolve(schemas, invalid.GetProperty("properties").GetProperty("errors")).GetProperty("additionalProperties")));
        error.GetProperty("properties").TryGetProperty("code", out _).ShouldBeTrue(error.ToString());
        error.GetProperty("properties").TryGetProperty("args", out _).ShouldBeTrue(error.ToString());
        foreach (var problem in new[] { notFound, conflict })
        {
            problem.GetProperty("properties").TryGetProperty("code", out _).ShouldBeTrue(problem.ToString());
            problem.GetProperty("properties").TryGetProperty("args", out _).ShouldBeTrue(problem.ToString());
            problem.GetProperty("properties").TryGetProperty("field", out _).ShouldBeTrue(problem.ToString());
        }
    }

    /// <summary>The schema of a response (through its problem+json content) or of a schema, following a $ref to its component.</summary>
    private static JsonElement Resolve(JsonElement schemas, JsonElement element)
    {
        if (element.TryGetProperty("content", out var content))
        {
            element = content.GetProperty("application/problem+json").GetProperty("schema");
        }

        return element.TryGetProperty("$ref", out var reference)
            ? schemas.GetProperty(reference.GetString()!.Split('/')[^1])
            : element;
    }

    private static JsonElement Items(JsonElement schema) => schema.TryGetProperty("items", out var items) ? items : schema;

    private async Task<(int Status, string? Code, string Body)> HandleAsync(Exception exception)
    {
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Request.Path = "/api/prescriptions";
        context.Response.Body = new MemoryStream();
        var handler = new ExceptionHandler(app.Services.GetRequiredService<IProblemDetailsService>(), NullLogger<ExceptionHandler>.Instance);

        (await handler.TryHandleAsync(context, exception, CancellationToken.None)).ShouldBeTrue();

        var body = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        var code = JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (context.Response.StatusCode, code, body);
    }

    private async Task<HttpClient> SentToGymAsync(Guid id)
    {
        var location = DemoIdentities.GrunerlokkaLocationId;
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return app.AsOsloGym();
    }
}
