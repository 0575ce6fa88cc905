using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Input an attacker sends on purpose (a NUL, an unpaired surrogate, NaN, year 1) is a 400 naming the field, never a
/// 500, and stores nothing. Each case here was a 500 on PostgreSQL before the shared text rule and the bound-value
/// checks (issue 20, item 2); <see cref="SchemaFuzzTests"/> sends such values to every operation.
/// </summary>
public sealed class HostileInputTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string Nul = "\u0000";

    [Theory]
    [InlineData("precautions")]
    [InlineData("goals")]
    [InlineData("reasonText")]
    public async Task A_nul_in_a_prescription_text_is_refused_naming_the_field(string field)
    {
        var nationalId = TestData.NewNationalId();
        var request = TestData.IssueRequest(nationalId);
        request[field] = "før" + Nul + "etter";

        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.AsGp().PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest);

        var error = problem.GetProperty("errors").GetProperty(field)[0];
        error.GetProperty("code").GetString().ShouldBe("text.control-character");
        error.GetProperty("args").GetProperty("character").GetString().ShouldBe("U+0000");
        (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.Precautions != null && p.Precautions.Contains("etter")))).ShouldBe(0);
    }

    [Fact]
    public async Task A_nul_in_a_participant_name_is_refused_with_the_nested_field_named()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        ((Dictionary<string, object?>)request["participant"]!)["givenName"] = "Kari" + Nul;

        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.AsGp().PostAsJsonAsync("/api/prescriptions", request), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("participant.givenName")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
    }

    [Fact]
    public async Task A_nul_in_a_cancellation_reason_is_refused_and_the_prescription_stays_as_it_was()
    {
        var gp = app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        var problem = await ProblemResponses.ShouldBeProblemAsync(await gp.PostAsJsonAsync($"/api/prescriptions/{id}/cancel", new { reason = "flyttet" + Nul }), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("reason")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync())).ToString().ShouldBe("Issued");
    }

    [Fact]
    public async Task A_nul_in_a_subscription_endpoint_is_refused()
    {
        var problem = await ProblemResponses.ShouldBeProblemAsync(
            await app.AsGp().PostAsJsonAsync("/api/subscriptions", new { endpoint = "https://ehr.example.org/hooks" + Nul }), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("endpoint")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
    }

    [Fact]
    public async Task A_nul_in_an_integration_name_is_refused_and_no_integration_is_registered()
    {
        var name = "Adgang" + Guid.NewGuid().ToString("N");

        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.AsOsloGym().PostAsJsonAsync("/api/integrations", new { name = name + Nul }), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("name")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
        (await app.QueryAsync(db => db.GymIntegrations.CountAsync(i => i.Name.StartsWith(name)))).ShouldBe(0);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("a\\udc00b")]
    [InlineData("\\udbff\\u0041")]
    public async Task An_unpaired_surrogate_in_a_json_body_is_refused_naming_the_field(string escaped)
    {
        using var body = new StringContent($$"""{"name":"{{escaped}}"}""", Encoding.UTF8, "application/json");

        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.AsOsloGym().PostAsync("/api/integrations", body), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("name")[0].GetProperty("code").GetString().ShouldBe("text.not-unicode");
    }

    [Fact]
    public async Task Tab_newline_and_astral_characters_are_still_accepted()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId());
        request["precautions"] = "Linje 1\r\n\tLinje 2 🏋️ æøå";

        var id = await app.AsGp().IssueAsync(request);

        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Precautions).SingleAsync())).ShouldBe("Linje 1\r\n\tLinje 2 🏋️ æøå");
    }

    [Fact]
    public async Task A_bad_event_in_a_signed_batch_is_rejected_alone_and_the_valid_events_are_stored()
    {
        var member = "M-" + Guid.NewGuid().ToString("N")[..10];
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var prescription = await app.AcceptedPrescriptionAsync(member);
        var at = app.Clock.GetUtcNow().AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        // Raw JSON: a serializer would not write an unpaired surrogate, an attacker's sender does.
        var body = Encoding.UTF8.GetBytes($$"""
            {"events":[
              {"id":"ok-1","type":"check-in","occurredAt":"{{at}}","locationId":"{{location}}","memberRef":"{{member}}"},
              {"id":"nul","type":"check-in","occurredAt":"{{at}}","locationId":"{{location}}","memberRef":"{{member}}\u0000"},
              {"id":"surrogate","type":"check-in","occurredAt":"{{at}}","locationId":"{{location}}","memberRef":"\ud800"},
              {"id":"bad\u0000id","type":"check-in","occurredAt":"{{at}}","locationId":"{{location}}","memberRef":"{{member}}"},
              {"id":"ok-2","type":"pt-session","occurredAt":"{{at}}","locationId":"{{location}}","memberRef":"{{member}}"}
            ]}
            """);

        var response = await app.CreateClient().SendAsync(app.Signed(integration, body));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        result.GetProperty("stored").GetInt32().ShouldBe(2);
        result.GetProperty("rejected").GetInt32().ShouldBe(3);
        var results = result.GetProperty("results");
        Code(results[1], "memberRef").ShouldBe("text.control-character");
        Code(results[2], "memberRef").ShouldBe("text.not-unicode");
        Code(results[3], "id").ShouldBe("text.control-character");
        (results[3].TryGetProperty("id", out var echoed) && echoed.ValueKind != JsonValueKind.Null).ShouldBeFalse("a refused id is not echoed");
        (await app.AttendanceCountAsync(prescription)).ShouldBe(2);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task A_match_radius_that_is_not_a_finite_number_is_refused(string radius)
    {
        var gp = app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        var problem = await ProblemResponses.ShouldBeProblemAsync(await gp.GetAsync($"/api/prescriptions/{id}/candidates?maxDistanceKm={radius}"), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("maxDistanceKm")[0].GetProperty("code").GetString().ShouldBe("number.not-finite");
    }

    [Fact]
    public async Task A_nul_in_a_query_string_is_refused_naming_the_parameter()
    {
        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.AsGp().GetAsync("/api/providers?kommunenummer=03%0001"), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("kommunenummer")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
    }

    [Theory]
    [InlineData("0001-01")]
    [InlineData("9999-12")]
    [InlineData("1999-12")]
    public async Task A_claim_month_outside_the_supported_range_is_refused(string month)
    {
        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.AsOsloGym().PostAsJsonAsync("/api/claims/generate", new { month }), HttpStatusCode.BadRequest);

        var error = problem.GetProperty("errors").GetProperty("month")[0];
        error.GetProperty("code").GetString().ShouldBe("between");
        error.GetProperty("args").GetProperty("min").GetString().ShouldBe("2000-01");
    }

    [Fact]
    public async Task A_claim_list_filtered_by_year_one_is_refused()
    {
        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.AsOsloGym().GetAsync("/api/claims?month=0001-01"), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("month")[0].GetProperty("code").GetString().ShouldBe("between");
    }

    [Fact]
    public async Task A_nul_in_a_fhir_resource_is_an_operation_outcome_naming_the_element()
    {
        var patient = FhirData.NewPatient(TestData.NewNationalId());
        patient.Name[0].Family = "Nordmann" + Nul;

        var response = await app.AsGp().PostFhirAsync("/fhir/Patient", patient);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var issue = JsonDocument.Parse(body).RootElement.GetProperty("issue")[0];
        issue.GetProperty("details").GetProperty("coding")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
        issue.GetProperty("expression")[0].GetString().ShouldBe("Patient.name[0].family");
    }

    [Fact]
    public async Task A_nul_in_a_fhir_search_value_is_an_operation_outcome()
    {
        var response = await app.AsGp().GetAsync("/fhir/Organization?name=a%00b");

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var issue = JsonDocument.Parse(body).RootElement.GetProperty("issue")[0];
        issue.GetProperty("details").GetProperty("coding")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
        issue.GetProperty("expression")[0].GetString().ShouldBe("name");
    }

    [Fact]
    public async Task A_control_character_in_a_web_form_post_is_refused_naming_the_form_field()
    {
        using var form = new FormUrlEncodedContent([new("persona", "kari\u001b[2J"), new("returnUrl", "/")]);

        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.CreateClient().PostAsync("/konto/logg-inn", form), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("persona")[0].GetProperty("code").GetString().ShouldBe("text.control-character");
    }

    [Fact]
    public async Task A_nul_in_a_web_form_post_is_a_400_from_the_form_reader()
    {
        // The framework's form reader refuses an encoded NUL itself (InvalidDataException); that is bad input, not a 500.
        using var form = new FormUrlEncodedContent([new("persona", "kari" + Nul), new("returnUrl", "/")]);

        var problem = await ProblemResponses.ShouldBeProblemAsync(await app.CreateClient().PostAsync("/konto/logg-inn", form), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("request.invalid");
    }

    private static string? Code(JsonElement result, string field) =>
        result.GetProperty("errors").GetProperty(field).EnumerateArray().ShouldHaveSingleItem().GetProperty("code").GetString();
}
