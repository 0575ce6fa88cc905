using System.Net;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>400 when the body is not valid FHIR R4, 422 when it breaks our profile or rules; never 500, nothing saved.</summary>
public sealed class InvalidInputTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task Unparseable_json_is_400_and_nothing_is_saved()
    {
        var before = await SnapshotAsync();

        var response = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/ServiceRequest", "{\"resourceType\": \"ServiceRequest\", \"status\": ");

        var outcome = await response.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
        outcome.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Structure);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_resource_of_the_wrong_type_is_400_naming_resourceType()
    {
        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.NewPatient(TestData.NewNationalId()));

        await response.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, "resourceType");
    }

    [Fact]
    public async Task A_referral_without_subject_is_400_naming_the_subject()
    {
        var referral = await ReferralAsync();
        referral.Subject = null!;
        var before = await SnapshotAsync();

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        await response.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, "ServiceRequest.subject");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_element_is_400_naming_it()
    {
        var json = FhirHttp.Json(await ReferralAsync()).Replace("\"intent\"", "\"colour\":\"blue\",\"intent\"", StringComparison.Ordinal);

        var response = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/ServiceRequest", json);

        await response.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, "ServiceRequest.colour");
    }

    [Fact]
    public async Task A_code_other_than_referral_to_physical_activity_is_422()
    {
        var referral = await ReferralAsync();
        referral.Code = new CodeableConcept(FhirData.Snomed, "183519002", "Referral to cardiology service", null);
        var before = await SnapshotAsync();

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        var outcome = await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.code");
        outcome.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.CodeInvalid);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_bad_fodselsnummer_is_422_naming_the_identifier_and_nothing_is_saved()
    {
        var before = await SnapshotAsync();

        var patient = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient("12345678901"));
        var referral = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.ByNationalId("12345678901")));

        (await patient.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.identifier[0].value")).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Value);
        await referral.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject.identifier.value");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_real_looking_number_is_refused_while_test_identities_are_off_only_by_configuration()
    {
        // Synthetic numbers are accepted here because tests allow them; a malformed one never is.
        var response = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient("1234"));

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.identifier[0].value")).Issue[0].Diagnostics!.ShouldNotContain("1234");
    }

    [Fact]
    public async Task Missing_prescription_content_is_422_naming_each_element()
    {
        var referral = await ReferralAsync();
        referral.PatientInstruction = null;
        referral.OrderDetail.Clear();
        referral.Quantity = null;
        referral.Extension.RemoveAll(e => e.Url!.EndsWith("funding-source", StringComparison.Ordinal));
        var before = await SnapshotAsync();

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        await response.ShouldBeOutcomeAsync(
            HttpStatusCode.UnprocessableEntity,
            "ServiceRequest.patientInstruction",
            "ServiceRequest.orderDetail",
            "ServiceRequest.quantityRatio.numerator",
            $"ServiceRequest.extension('{FhirData.Ext}funding-source')");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData(-1, 83, "ServiceRequest.occurrencePeriod.start")]
    [InlineData(7, 80, "ServiceRequest.occurrencePeriod.end")]
    public async Task A_bad_period_is_422_naming_it(int startInDays, int lengthInDays, string expression)
    {
        var referral = await ReferralAsync();
        var start = TestData.Today.AddDays(startInDays);
        referral.Occurrence = new Period { Start = FhirData.Date(start), End = FhirData.Date(start.AddDays(lengthInDays)) };

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, expression);
    }

    [Fact]
    public async Task Wrong_intent_status_and_codes_are_422()
    {
        var referral = await ReferralAsync();
        referral.Intent = RequestIntent.Plan;
        referral.Status = RequestStatus.Completed;
        referral.OrderDetail = [new CodeableConcept(FhirData.CodeSystem + "activity-type", "Yoga", null)];
        referral.PerformerType = new CodeableConcept(FhirData.CodeSystem + "certification-kind", "Wizard", null);

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity,
            "ServiceRequest.intent", "ServiceRequest.status", "ServiceRequest.orderDetail[0]", "ServiceRequest.performerType");
    }

    [Fact]
    public async Task Non_json_bodies_and_xml_only_clients_are_refused_with_an_OperationOutcome()
    {
        var xml = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", "<Patient xmlns=\"http://hl7.org/fhir\"/>", "application/fhir+xml");
        await xml.ShouldBeOutcomeAsync(HttpStatusCode.UnsupportedMediaType);

        var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/metadata");
        request.Headers.Accept.ParseAdd("application/fhir+xml");
        await (await app.CreateClient().SendAsync(request)).ShouldBeOutcomeAsync(HttpStatusCode.NotAcceptable);
        await (await app.CreateClient().GetAsync("/fhir/metadata?_format=xml")).ShouldBeOutcomeAsync(HttpStatusCode.NotAcceptable);
        (await app.CreateClient().GetAsync("/fhir/metadata?_format=json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Plain_application_json_is_accepted_too()
    {
        var response = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", FhirHttp.Json(FhirData.NewPatient(TestData.NewNationalId())), "application/json; charset=utf-8");

        await response.ReadFhirAsync<Patient>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bad_paging_parameters_are_400()
    {
        await (await _gp.GetFhirAsync("/fhir/ServiceRequest?_count=abc")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
        await (await _gp.GetFhirAsync("/fhir/ServiceRequest?_count=100000")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
        await (await _gp.GetFhirAsync("/fhir/ServiceRequest?status=active&status=draft")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_search_parameters_are_ignored_unless_the_client_asks_for_strict_handling()
    {
        var lenient = await _gp.GetFhirAsync("/fhir/ServiceRequest?_summary=false&colour=blue");
        lenient.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await lenient.Content.ReadAsStringAsync()).ShouldNotContain("colour");

        var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/ServiceRequest?colour=blue");
        request.Headers.Add("Prefer", "handling=strict");
        request.Headers.Accept.ParseAdd("application/fhir+json");
        await (await _gp.SendAsync(request)).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
    }

    private async Task<ServiceRequest> ReferralAsync() =>
        FhirData.Referral(FhirData.PatientRef(await _gp.CreatePatientAsync(TestData.NewNationalId())));

    private Task<(int People, int Prescriptions, int Changes)> SnapshotAsync() =>
        app.QueryAsync(async db => (await db.People.CountAsync(), await db.Prescriptions.CountAsync(), await db.StatusChanges.CountAsync()));
}
