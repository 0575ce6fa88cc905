using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

public sealed class SecurityTests(LogCapturingFactory app) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task Without_a_token_fhir_answers_401_with_an_OperationOutcome_and_a_bearer_challenge()
    {
        var response = await app.CreateClient().GetFhirAsync($"/fhir/Patient/{Guid.NewGuid()}");

        var outcome = await response.ShouldBeOutcomeAsync(HttpStatusCode.Unauthorized);
        outcome.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Security);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task A_bad_token_is_401_invalid_token_with_an_OperationOutcome()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");

        var response = await client.PostFhirAsync("/fhir/ServiceRequest", new ServiceRequest());

        await response.ShouldBeOutcomeAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_is_403_with_an_OperationOutcome()
    {
        var response = await app.ClientAs("janitor").GetFhirAsync("/fhir/Organization");

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.Forbidden)).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Forbidden);
    }

    [Fact]
    public async Task An_oversized_body_is_413_with_an_OperationOutcome()
    {
        var response = await app.AsGp().SendRawAsync(HttpMethod.Post, "/fhir/Patient", new string(' ', 1_100_000));

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.RequestEntityTooLarge)).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.TooCostly);
    }

    [Fact]
    public async Task An_unexpected_error_on_fhir_is_a_500_OperationOutcome_that_leaks_nothing()
    {
        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Request.Path = "/fhir/ServiceRequest";
        http.Response.Body = new MemoryStream();
        var handler = new ExceptionHandler(app.Services.GetRequiredService<IProblemDetailsService>(), NullLogger<ExceptionHandler>.Instance);

        (await handler.TryHandleAsync(http, new InvalidOperationException("connection string secret"), CancellationToken.None)).ShouldBeTrue();

        http.Response.StatusCode.ShouldBe(500);
        http.Response.ContentType.ShouldStartWith(FhirHttp.MediaType);
        var body = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        body.ShouldContain("\"resourceType\":\"OperationOutcome\"");
        body.ShouldContain("\"code\":\"exception\"");
        body.ShouldNotContain("secret");
    }

    [Fact]
    public async Task The_rest_api_still_answers_with_problem_details()
    {
        var response = await app.CreateClient().GetAsync("/api/prescriptions");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_national_id_in_the_query_string_is_never_logged_or_audited()
    {
        var fnr = TestData.NewNationalId();
        var gp = app.AsGp();
        var patient = await gp.CreatePatientAsync(fnr);

        (await gp.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}")).Total.ShouldBe(1);
        (await app.AsBergenGym().GetFhirAsync<Bundle>($"/fhir/Patient?identifier={fnr}")).Total.ShouldBe(0);
        await (await gp.GetFhirAsync($"/fhir/Patient/{fnr}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);

        app.Lines.ShouldNotBeEmpty();
        var leaks = app.Lines.Where(line => line.Contains(fnr, StringComparison.Ordinal)).ToList();
        leaks.ShouldBeEmpty(string.Join("\n", leaks));
        var audit = await app.QueryAsync(db => db.AuditRecords.Where(a => a.SubjectPersonId == Guid.Parse(patient)).ToListAsync());
        audit.ShouldContain(a => a.Resource == "Patient?identifier" && a.Action == AuditAction.Search && a.Outcome == AuditOutcome.Success);
        audit.ShouldContain(a => a.Resource == "Patient?identifier" && a.Outcome == AuditOutcome.Denied && a.Role == "provider-admin");
        var everything = await app.QueryAsync(db => db.AuditRecords.Select(a => a.Resource + a.Action + a.Purpose + a.Actor + a.CorrelationId).ToListAsync());
        everything.ShouldNotContain(row => row.Contains(fnr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reads_searches_and_denials_of_personal_data_are_audited()
    {
        var gp = app.AsGp();
        var patient = await gp.CreatePatientAsync(TestData.NewNationalId());
        var referral = await gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));
        var person = Guid.Parse(patient);

        await gp.GetFhirAsync<Patient>($"/fhir/Patient/{patient}");
        await gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{referral}");
        await gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}");
        await gp.GetFhirAsync<Bundle>($"/fhir/Task?patient=Patient/{patient}");
        await (await app.AsPhysiotherapist().GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        await (await app.AsPhysiotherapist().GetFhirAsync($"/fhir/ServiceRequest/{referral}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);

        var rows = await app.QueryAsync(db => db.AuditRecords.Where(a => a.SubjectPersonId == person || a.Resource == $"Prescription/{referral}").ToListAsync());
        rows.ShouldContain(a => a.Resource == $"Patient/{patient}" && a.Action == AuditAction.Create);
        rows.ShouldContain(a => a.Resource == $"Prescription/{referral}" && a.Action == AuditAction.Create);
        rows.ShouldContain(a => a.Resource == $"Patient/{patient}" && a.Action == AuditAction.Read && a.Outcome == AuditOutcome.Success);
        rows.ShouldContain(a => a.Resource == $"Prescription/{referral}" && a.Action == AuditAction.Read && a.Outcome == AuditOutcome.Success);
        rows.ShouldContain(a => a.Resource == "ServiceRequest?search" && a.Action == AuditAction.Search);
        rows.ShouldContain(a => a.Resource == "Task?search" && a.Action == AuditAction.Search);
        rows.ShouldContain(a => a.Resource == $"Patient/{patient}" && a.Outcome == AuditOutcome.Denied);
        rows.ShouldContain(a => a.Resource == $"Prescription/{referral}" && a.Outcome == AuditOutcome.Denied);
    }
}
