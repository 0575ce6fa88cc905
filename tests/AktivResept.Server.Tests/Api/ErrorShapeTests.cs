using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Api;

/// <summary>Every problem carries stable error codes: per field for validation, top-level for the rest.</summary>
public sealed class ErrorShapeTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task A_validation_problem_gives_each_field_its_code_message_and_arguments()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["sessionsPerWeek"] = 9;
        request["minutesPerSession"] = null;

        var problem = await ProblemAsync(await _gp.PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest);

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

        var problem = await ProblemAsync(await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/cancel", new { reason = "Igjen" }), HttpStatusCode.Conflict);

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

        var problem = await ProblemAsync(await client.PostAsJsonAsync($"/api/prescriptions/{id}/{step}", new { reason = " " }), HttpStatusCode.BadRequest);

        var error = problem.GetProperty("errors").GetProperty("reason").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("code").GetString().ShouldBe("prescription.reason-required");
    }

    [Fact]
    public async Task Not_found_and_forbidden_carry_their_codes()
    {
        var notFound = await ProblemAsync(await _gp.GetAsync($"/api/prescriptions/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var forbidden = await ProblemAsync(await _gp.PostAsJsonAsync("/api/tariffs", new { service = "PtSession", price = 500m, validFrom = "2031-01-01" }), HttpStatusCode.Forbidden);

        notFound.GetProperty("code").GetString().ShouldBe("not-found");
        forbidden.GetProperty("code").GetString().ShouldBe("forbidden.payer-only");
    }

    private async Task<HttpClient> SentToGymAsync(Guid id)
    {
        var location = await app.QueryAsync(db => db.Locations.Where(l => l.Name == "Aktiv Trening Grünerløkka").Select(l => l.Id).SingleAsync());
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return app.AsOsloGym();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        return problem;
    }
}
