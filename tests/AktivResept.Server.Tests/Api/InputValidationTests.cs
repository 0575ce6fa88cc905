using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Api;

/// <summary>Bad input gets a 4xx problem that names the field, and persists nothing.</summary>
public sealed class InputValidationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Theory]
    [InlineData("12345678901", "national-id.control-digits")]
    [InlineData("1234567890", "national-id.digits")]
    [InlineData("abcdefghijk", "national-id.digits")]
    [InlineData("31826512345", "national-id.control-digits")]
    public async Task An_invalid_national_id_is_rejected_with_the_field_named(string nationalId, string code)
    {
        var request = TestData.IssueRequest(nationalId);

        var problem = await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("participant.nationalId")[0].GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task Every_missing_or_out_of_range_field_is_reported_at_once()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["sessionsPerWeek"] = 9;
        request["minutesPerSession"] = null;
        request["startDate"] = TestData.Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        request["reasonCode"] = "XYZ";
        request["activityTypes"] = Array.Empty<string>();
        request["durationWeeks"] = 0;

        var errors = (await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest)).GetProperty("errors");

        foreach (var field in new[] { "sessionsPerWeek", "minutesPerSession", "startDate", "reasonCode", "activityTypes", "durationWeeks" })
        {
            errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        }
    }

    [Fact]
    public async Task A_new_participant_needs_names_and_a_known_municipality()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["participant"] = new Dictionary<string, object?> { ["nationalId"] = TestData.NewNationalId(), ["kommunenummer"] = "9999" };

        var errors = (await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest)).GetProperty("errors");

        errors.TryGetProperty("participant.givenName", out _).ShouldBeTrue();
        errors.TryGetProperty("participant.familyName", out _).ShouldBeTrue();
        errors.TryGetProperty("participant.kommunenummer", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("123456789")]
    [InlineData("12345")]
    [InlineData("97476067X")]
    public async Task An_invalid_organisation_number_is_rejected_with_the_field_named(string orgNumber)
    {
        var problem = await ProblemResponses.ShouldBeProblemAsync(await _gp.GetAsync($"/api/providers?organisationNumber={orgNumber}"), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("organisationNumber", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_valid_organisation_number_finds_the_provider()
    {
        var response = await _gp.GetStringAsync("/api/providers?organisationNumber=991000402");

        response.ShouldContain("Aktiv Trening Oslo AS");
    }

    [Theory]
    [InlineData("{\"participant\": {", "$")]
    [InlineData("not json at all", "$")]
    [InlineData("{\"sessionsPerWeek\": \"two\"}", "sessionsPerWeek")]
    [InlineData("{\"sessionsPerWeek\": 2.5}", "sessionsPerWeek")]
    [InlineData("{\"funding\": \"Lottery\"}", "funding")]
    [InlineData("{\"funding\": 0}", "funding")]
    [InlineData("{\"activityTypes\": [\"Yoga\"]}", "activityTypes[0]")]
    [InlineData("{\"startDate\": \"next tuesday\"}", "startDate")]
    [InlineData("[1,2,3]", "$")]
    public async Task Unreadable_bodies_give_400_naming_the_field_and_persist_nothing(string body, string field)
    {
        var before = await CountsAsync();

        var response = await _gp.PostAsync("/api/prescriptions", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_two_megabyte_body_is_refused_with_413_and_persists_nothing()
    {
        var before = await CountsAsync();
        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["goals"] = new string('x', 2 * 1024 * 1024);

        var response = await _gp.PostAsJsonAsync("/api/prescriptions", request);

        await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_wrong_content_type_is_refused_with_415()
    {
        var response = await _gp.PostAsync("/api/prescriptions", new StringContent("participant=1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_prescription_ids_and_malformed_ids_give_404()
    {
        (await _gp.GetAsync($"/api/prescriptions/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _gp.GetAsync("/api/prescriptions/not-a-guid")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Over_long_names_for_a_new_participant_are_rejected_not_a_server_error()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        ((Dictionary<string, object?>)request["participant"]!)["givenName"] = new string('a', 201);

        var problem = await ProblemResponses.ShouldBeProblemAsync(await _gp.PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty("participant.givenName", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task An_eligibility_check_far_in_the_future_is_rejected_not_a_server_error()
    {
        var response = await _gp.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "ny-henvisning", startDate = "9999-12-31" });

        (await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("startDate", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("page=2147483647")]
    [InlineData("page=0")]
    [InlineData("pageSize=1000")]
    [InlineData("status=Sleeping")]
    public async Task Bad_list_parameters_give_400(string query)
    {
        var response = await _gp.GetAsync($"/api/prescriptions?{query}");

        await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private Task<(int, int, int)> CountsAsync() => app.QueryAsync(async db =>
        (await db.Prescriptions.CountAsync(), await db.People.CountAsync(), await db.StatusChanges.CountAsync()));
}
