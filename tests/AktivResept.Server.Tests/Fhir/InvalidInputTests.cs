using System.Net;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Fhir;
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
        outcome.Codes().ShouldAllBe(c => c == "fhir.body.invalid-json" || c == "fhir.body.not-r4");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_resource_of_the_wrong_type_is_400_naming_resourceType()
    {
        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.NewPatient(TestData.NewNationalId()));

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, "resourceType")).CodeAt("resourceType").ShouldBe("fhir.body.wrong-resource-type");
    }

    [Fact]
    public async Task A_referral_without_subject_is_400_naming_the_subject()
    {
        var referral = await ReferralAsync();
        referral.Subject = null!;
        var before = await SnapshotAsync();

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, "ServiceRequest.subject")).CodeAt("ServiceRequest.subject").ShouldBe("fhir.body.not-r4");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_element_is_400_naming_it()
    {
        var json = FhirHttp.Json(await ReferralAsync()).Replace("\"intent\"", "\"colour\":\"blue\",\"intent\"", StringComparison.Ordinal);

        var response = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/ServiceRequest", json);

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, "ServiceRequest.colour")).CodeAt("ServiceRequest.colour").ShouldBe("fhir.body.not-r4");
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
        outcome.CodeAt("ServiceRequest.code").ShouldBe("fhir.service-request.code");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_bad_fodselsnummer_is_422_naming_the_identifier_and_nothing_is_saved()
    {
        var before = await SnapshotAsync();

        var patient = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient("12345678901"));
        var referral = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.ByNationalId("12345678901")));

        var patientOutcome = await patient.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.identifier[0].value");
        patientOutcome.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Value);
        patientOutcome.CodeAt("Patient.identifier[0].value").ShouldBe("national-id.control-digits");
        (await referral.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject.identifier.value"))
            .CodeAt("ServiceRequest.subject.identifier.value").ShouldBe("national-id.control-digits");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_real_looking_number_is_refused_while_test_identities_are_off_only_by_configuration()
    {
        // Synthetic numbers are accepted here because tests allow them; a malformed one never is.
        var response = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient("1234"));

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.identifier[0].value")).Issue[0].Diagnostics!.ShouldNotContain("1234");
    }

    [Theory]
    [InlineData(-1, 83, "ServiceRequest.occurrencePeriod.start", "date.not-in-past")]
    [InlineData(7, 0, "ServiceRequest.occurrencePeriod.end", "fhir.service-request.whole-weeks")]
    public async Task A_bad_period_is_422_naming_it_with_its_code(int startInDays, int lengthInDays, string expression, string code)
    {
        var referral = await ReferralAsync();
        var start = TestData.Today.AddDays(startInDays);
        referral.Occurrence = new Period { Start = FhirData.Date(start), End = FhirData.Date(start.AddDays(lengthInDays)) };

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, expression)).CodeAt(expression).ShouldBe(code);
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

        var outcome = await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity,
            "ServiceRequest.intent", "ServiceRequest.status", "ServiceRequest.orderDetail[0]", "ServiceRequest.performerType");
        outcome.CodeAt("ServiceRequest.intent").ShouldBe("fhir.service-request.intent");
        outcome.CodeAt("ServiceRequest.status").ShouldBe("fhir.service-request.status");
        outcome.CodeAt("ServiceRequest.orderDetail[0]").ShouldBe("fhir.coding.one-of");
        outcome.CodeAt("ServiceRequest.performerType").ShouldBe("fhir.coding.one-of");
        outcome.Issue.ShouldAllBe(i => i.Code == OperationOutcome.IssueType.CodeInvalid);
    }

    [Fact]
    public async Task Bodies_that_are_neither_json_nor_xml_and_clients_accepting_neither_are_refused_with_an_OperationOutcome()
    {
        var text = await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", "Patient: Ola", "text/plain");
        (await text.ShouldBeOutcomeAsync(HttpStatusCode.UnsupportedMediaType)).Codes().ShouldBe(["fhir.unsupported-media-type"]);

        var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/metadata");
        request.Headers.Accept.ParseAdd("text/html");
        (await (await app.CreateClient().SendAsync(request)).ShouldBeOutcomeAsync(HttpStatusCode.NotAcceptable)).Codes().ShouldBe(["fhir.not-acceptable"]);
        (await (await app.CreateClient().GetAsync("/fhir/metadata?_format=text/turtle")).ShouldBeOutcomeAsync(HttpStatusCode.NotAcceptable)).Codes().ShouldBe(["fhir.not-acceptable"]);
        (await app.CreateClient().GetAsync("/fhir/metadata?_format=json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateClient().GetAsync("/fhir/metadata?_format=xml")).StatusCode.ShouldBe(HttpStatusCode.OK);
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
        (await (await _gp.GetFhirAsync("/fhir/ServiceRequest?_count=abc")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest)).Codes().ShouldBe(["fhir.search.count"]);
        (await (await _gp.GetFhirAsync("/fhir/ServiceRequest?_count=100000")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest)).Codes().ShouldBe(["fhir.search.count"]);
        (await (await _gp.GetFhirAsync("/fhir/ServiceRequest?_offset=-1")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest)).Codes().ShouldBe(["fhir.search.offset"]);
        (await (await _gp.GetFhirAsync("/fhir/ServiceRequest?status=active&status=draft")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest)).Codes().ShouldBe(["fhir.search.repeated-parameter"]);
    }

    [Fact]
    public async Task Unknown_search_parameters_are_ignored_unless_the_client_asks_for_strict_handling()
    {
        var lenient = await _gp.GetFhirAsync<Bundle>("/fhir/ServiceRequest?_summary=false&colour=blue");
        lenient.SelfLink!.ToString().ShouldNotContain("colour");
        var reported = lenient.Entry.Where(e => e.Search!.Mode == Bundle.SearchEntryMode.Outcome).ShouldHaveSingleItem().Resource.ShouldBeOfType<OperationOutcome>();
        reported.Issue.ShouldHaveSingleItem().Diagnostics!.ShouldContain("colour");

        var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/ServiceRequest?colour=blue");
        request.Headers.Add("Prefer", "handling=strict");
        request.Headers.Accept.ParseAdd("application/fhir+json");
        var strict = await (await _gp.SendAsync(request)).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
        strict.Codes().ShouldBe(["fhir.search.unsupported-parameter"]);
        strict.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.NotSupported);
    }

    [Fact]
    public async Task A_patient_without_name_national_id_or_municipality_is_422_with_a_code_for_each()
    {
        var response = await _gp.PostFhirAsync("/fhir/Patient", new Patient { BirthDate = "1990-01-01" });

        var outcome = await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.name", "Patient.identifier", "Patient.address");
        outcome.CodeAt("Patient.name").ShouldBe("fhir.patient.name-required");
        outcome.CodeAt("Patient.identifier").ShouldBe("fhir.patient.national-id-required");
        outcome.CodeAt("Patient.address").ShouldBe("fhir.patient.municipality-required");
        outcome.Issue.ShouldAllBe(i => i.Code == OperationOutcome.IssueType.Required);
    }

    [Fact]
    public async Task A_patient_number_under_the_wrong_system_or_with_another_birth_date_is_422_with_its_code()
    {
        var nationalId = TestData.NewNationalId();
        var wrongSystem = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient(nationalId, system: FhirData.DNumber));
        var patient = FhirData.NewPatient(nationalId);
        patient.BirthDate = "1900-01-01";
        var wrongBirthDate = await _gp.PostFhirAsync("/fhir/Patient", patient);

        (await wrongSystem.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.identifier[0].system"))
            .CodeAt("Patient.identifier[0].system").ShouldBe("fhir.patient.national-id-system");
        (await wrongBirthDate.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.birthDate"))
            .CodeAt("Patient.birthDate").ShouldBe("fhir.patient.birth-date-mismatch");
    }

    [Fact]
    public async Task A_subject_that_is_not_a_known_patient_is_422_with_its_code()
    {
        var byReference = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(Guid.NewGuid().ToString())));
        var byNationalId = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.ByNationalId(TestData.NewNationalId())));
        var notAPatient = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(new ResourceReference { Type = "Group", Reference = "Group/1" }));

        (await byReference.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject.reference"))
            .CodeAt("ServiceRequest.subject.reference").ShouldBe("fhir.subject.unknown-reference");
        (await byNationalId.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject"))
            .CodeAt("ServiceRequest.subject").ShouldBe("fhir.subject.unknown-national-id");
        (await notAPatient.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject.type"))
            .CodeAt("ServiceRequest.subject.type").ShouldBe("fhir.subject.type");
    }

    [Fact]
    public async Task Issuing_as_someone_else_or_without_an_HPR_number_is_403_with_its_code()
    {
        var referral = await ReferralAsync();
        var asSomeoneElse = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(referral.Subject, hpr: DemoIdentities.PhysiotherapistHpr));
        var gym = app.AsOsloGym();
        var gymIssues = await gym.PostFhirAsync("/fhir/ServiceRequest", referral);
        var gymRegisters = await gym.PostFhirAsync("/fhir/Patient", FhirData.NewPatient(TestData.NewNationalId()));

        var outcome = await asSomeoneElse.ShouldBeOutcomeAsync(HttpStatusCode.Forbidden, "ServiceRequest.requester");
        outcome.CodeAt("ServiceRequest.requester").ShouldBe("fhir.forbidden.requester-not-you");
        outcome.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Forbidden);
        (await gymIssues.ShouldBeOutcomeAsync(HttpStatusCode.Forbidden)).Codes().ShouldBe(["forbidden.referrer-only"]);
        (await gymRegisters.ShouldBeOutcomeAsync(HttpStatusCode.Forbidden)).Codes().ShouldBe(["fhir.forbidden.health-professional-only"]);
    }

    [Fact]
    public async Task Searches_that_must_be_narrowed_are_400_with_the_filter_required_code()
    {
        (await (await _gp.GetFhirAsync("/fhir/Observation")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest)).Codes().ShouldBe(["fhir.search.filter-required"]);
        (await (await _gp.GetFhirAsync("/fhir/Patient")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest)).Codes().ShouldBe(["fhir.search.filter-required"]);
    }

    [Fact]
    public async Task Unknown_resources_routes_and_callers_are_answered_with_a_code()
    {
        (await (await _gp.GetFhirAsync($"/fhir/Task/{Guid.NewGuid()}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound)).Codes().ShouldBe(["not-found"]);
        (await (await _gp.GetFhirAsync("/fhir/NoSuchResource/1")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound)).Codes().ShouldBe(["not-found"]);
        (await (await app.CreateClient().GetFhirAsync("/fhir/Patient?identifier=x")).ShouldBeOutcomeAsync(HttpStatusCode.Unauthorized)).Codes().ShouldBe(["auth.token-required"]);
    }

    /// <summary>The bad requests of every kind this facade refuses, each with the status README's FHIR section gives it.</summary>
    private async Task<List<(string Request, HttpResponseMessage Response, HttpStatusCode Status)>> BadRequestsAsync()
    {
        var referral = await ReferralAsync();
        var noRequester = await ReferralAsync();
        noRequester.Requester = null;
        noRequester.Code = null;
        noRequester.ReasonCode.Clear();
        noRequester.Occurrence = null;
        var shapes = await ReferralAsync();
        shapes.Quantity = new Quantity(3, "session");
        shapes.Occurrence = new FhirDateTime(2030, 1, 1);
        shapes.Requester = new ResourceReference { Type = "Organization", Identifier = new Identifier("urn:example", "1") };
        var subscription = new Hl7.Fhir.Model.Subscription
        {
            Status = Hl7.Fhir.Model.Subscription.SubscriptionStatus.Off,
            End = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Reason = "Tell me",
            Criteria = "Task?owner=Organization/1",
            Channel = new() { Type = Hl7.Fhir.Model.Subscription.SubscriptionChannelType.Email, Header = ["no colon", "webhook-id: x"] },
        };
        var gym = app.AsOsloGym();
        var anonymous = app.CreateClient();
        return
        [
            ("empty body", await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", ""), HttpStatusCode.BadRequest),
            ("truncated JSON", await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", "{\"resourceType\": "), HttpStatusCode.BadRequest),
            ("not JSON", await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", "hello"), HttpStatusCode.BadRequest),
            ("wrong type", await _gp.PostFhirAsync("/fhir/Patient", referral), HttpStatusCode.BadRequest),
            ("unknown element", await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", "{\"resourceType\":\"Patient\",\"colour\":\"blue\",\"birthDate\":\"x\"}"), HttpStatusCode.BadRequest),
            ("plain text", await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", "Patient", "text/plain"), HttpStatusCode.UnsupportedMediaType),
            ("not XML", await _gp.SendRawAsync(HttpMethod.Post, "/fhir/Patient", "<Patient", "application/fhir+xml"), HttpStatusCode.BadRequest),
            ("_format=turtle", await _gp.GetFhirAsync("/fhir/metadata?_format=text/turtle"), HttpStatusCode.NotAcceptable),
            ("bad _count", await _gp.GetFhirAsync("/fhir/ServiceRequest?_count=x"), HttpStatusCode.BadRequest),
            ("repeated parameter", await _gp.GetFhirAsync("/fhir/ServiceRequest?status=active&status=draft"), HttpStatusCode.BadRequest),
            ("unnarrowed search", await _gp.GetFhirAsync("/fhir/Observation"), HttpStatusCode.BadRequest),
            ("empty patient", await _gp.PostFhirAsync("/fhir/Patient", new Patient { Gender = AdministrativeGender.Female }), HttpStatusCode.UnprocessableEntity),
            ("empty resource", await _gp.PostFhirAsync("/fhir/Patient", new Patient()), HttpStatusCode.BadRequest),
            ("patient in no municipality we serve", await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient(TestData.NewNationalId(), kommune: "9999")), HttpStatusCode.UnprocessableEntity),
            ("referral without requester, code, reason, period", await _gp.PostFhirAsync("/fhir/ServiceRequest", noRequester), HttpStatusCode.UnprocessableEntity),
            ("referral with wrong shapes", await _gp.PostFhirAsync("/fhir/ServiceRequest", shapes), HttpStatusCode.UnprocessableEntity),
            ("unknown subject", await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(Guid.NewGuid().ToString()))), HttpStatusCode.UnprocessableEntity),
            ("gym issues", await gym.PostFhirAsync("/fhir/ServiceRequest", referral), HttpStatusCode.Forbidden),
            ("subscription we cannot deliver", await _gp.PostFhirAsync("/fhir/Subscription", subscription), HttpStatusCode.UnprocessableEntity),
            ("unknown task", await _gp.GetFhirAsync($"/fhir/Task/{Guid.NewGuid()}"), HttpStatusCode.NotFound),
            ("unknown route", await _gp.GetFhirAsync("/fhir/NoSuchResource/1"), HttpStatusCode.NotFound),
            ("no token", await anonymous.GetFhirAsync("/fhir/Patient?identifier=x"), HttpStatusCode.Unauthorized),
        ];
    }

    [Fact]
    public async Task Every_issue_of_every_kind_of_bad_request_names_a_catalogue_code_in_our_system()
    {
        var known = ErrorCatalogue.Of(typeof(ErrorCodes), typeof(ApiErrorCodes), typeof(ProgrammeErrorCodes), typeof(FhirErrorCodes)).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        foreach (var (name, response, status) in await BadRequestsAsync())
        {
            response.StatusCode.ShouldBe(status, $"{name}: {await response.Content.ReadAsStringAsync()}");
            var outcome = await response.ShouldBeOutcomeAsync(status);
            outcome.Codes().Where(c => !known.Contains(c)).ShouldBeEmpty($"{name}: {string.Join(" | ", outcome.Issue.Select(i => i.Diagnostics))}");
        }
    }

    private async Task<ServiceRequest> ReferralAsync() =>
        FhirData.Referral(FhirData.PatientRef(await _gp.CreatePatientAsync(TestData.NewNationalId())));

    private Task<(int People, int Prescriptions, int Changes)> SnapshotAsync() =>
        app.QueryAsync(async db => (await db.People.CountAsync(), await db.Prescriptions.CountAsync(), await db.StatusChanges.CountAsync()));
}
