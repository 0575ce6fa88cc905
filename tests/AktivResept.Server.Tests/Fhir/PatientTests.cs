using System.Net;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

public sealed class PatientTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task A_registered_patient_is_found_by_national_id_and_read_by_id()
    {
        var fnr = TestData.NewNationalId();

        var created = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient(fnr, "4601"));

        var patient = await created.ReadFhirAsync<Patient>(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"http://localhost/fhir/Patient/{patient.Id}");
        patient.Identifier.ShouldHaveSingleItem().Value.ShouldBe(fnr);
        patient.Name[0].Family.ShouldBe("Pasient");
        patient.Name[0].Given.ShouldBe(["Test", "Fhir"]);
        patient.Address[0].District.ShouldBe("Bergen");
        patient.Address[0].GetExtension(FhirData.MunicipalityExtension)!.Value.ShouldBeOfType<Coding>().Code.ShouldBe("4601");

        var bundle = await _gp.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        bundle.Type.ShouldBe(Bundle.BundleType.Searchset);
        bundle.Total.ShouldBe(1);
        bundle.Resources<Patient>().ShouldHaveSingleItem().Id.ShouldBe(patient.Id);

        var read = await _gp.GetFhirAsync<Patient>($"/fhir/Patient/{patient.Id}");
        read.BirthDate.ShouldBe(patient.BirthDate);
        read.Identifier[0].System.ShouldBe(FhirData.Fnr);
    }

    [Fact]
    public async Task Registering_a_known_person_again_answers_200_with_the_existing_patient()
    {
        var fnr = TestData.NewNationalId();
        var first = await _gp.CreatePatientAsync(fnr);

        var again = await app.AsPhysiotherapist().PostFhirAsync("/fhir/Patient", FhirData.NewPatient(fnr, "5001"));

        var existing = await again.ReadFhirAsync<Patient>(HttpStatusCode.OK);
        existing.Id.ShouldBe(first);
        existing.Address[0].District.ShouldBe("Oslo");
        (await app.QueryAsync(db => db.People.CountAsync(p => p.Id == Guid.Parse(first)))).ShouldBe(1);
    }

    [Fact]
    public async Task Another_referrer_sees_the_patient_only_after_looking_them_up_by_national_id()
    {
        var fnr = TestData.NewNationalId();
        var id = await _gp.CreatePatientAsync(fnr);
        var physio = app.AsPhysiotherapist();

        await (await physio.GetFhirAsync($"/fhir/Patient/{id}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await physio.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}")).Total.ShouldBe(1);
        (await physio.GetFhirAsync<Patient>($"/fhir/Patient/{id}")).Id.ShouldBe(id);
    }

    [Fact]
    public async Task The_provider_a_prescription_went_to_sees_the_patient_without_the_national_id()
    {
        var fnr = TestData.NewNationalId();
        var patient = await _gp.CreatePatientAsync(fnr);
        var referral = await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));
        var bergen = app.AsBergenGym();
        await (await bergen.GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await bergen.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={fnr}")).Total.ShouldBe(0);

        await SendToBergenAsync(Guid.Parse(referral));

        var seen = await bergen.GetFhirAsync<Patient>($"/fhir/Patient/{patient}");
        seen.Name[0].Family.ShouldBe("Pasient");
        seen.Identifier.ShouldBeEmpty();
        (await bergen.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={fnr}")).Total.ShouldBe(1);
        await (await app.AsOsloGym().GetFhirAsync($"/fhir/Patient/{patient}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_participant_sees_their_own_patient_and_no_one_else()
    {
        var anne = await app.Services.PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var bjorn = await app.Services.PersonIdAsync(DemoIdentities.ParticipantBjornFnr);
        var client = app.AsParticipant(DemoIdentities.ParticipantAnneFnr);

        (await client.GetFhirAsync<Patient>($"/fhir/Patient/{anne}")).Identifier[0].Value.ShouldBe(DemoIdentities.ParticipantAnneFnr);
        await (await client.GetFhirAsync($"/fhir/Patient/{bjorn}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await client.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{DemoIdentities.ParticipantBjornFnr}")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task A_d_number_is_registered_under_its_own_system()
    {
        var dnr = Enumerable.Range(400, 100)
            .Select(n => AktivResept.Domain.Identifiers.Fodselsnummer.Create(new DateOnly(1979, 5, 17), n, synthetic: true, dNumber: true))
            .First(id => id is not null)!.Value;

        var created = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient(dnr, system: FhirData.DNumber));

        (await created.ReadFhirAsync<Patient>(HttpStatusCode.Created)).Identifier[0].System.ShouldBe(FhirData.DNumber);
        var wrongSystem = await _gp.PostFhirAsync("/fhir/Patient", FhirData.NewPatient(TestData.NewNationalId(), system: FhirData.DNumber));
        await wrongSystem.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Patient.identifier[0].system");
    }

    [Fact]
    public async Task The_municipality_may_be_given_as_a_four_digit_district()
    {
        var patient = FhirData.NewPatient(TestData.NewNationalId());
        patient.Address = [new Address { District = "5001" }];

        var created = await _gp.PostFhirAsync("/fhir/Patient", patient);

        (await created.ReadFhirAsync<Patient>(HttpStatusCode.Created)).Address[0].District.ShouldBe("Trondheim");
    }

    [Theory]
    [InlineData("1234", "Patient.address[0].extension('http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode')")]
    [InlineData("12", "Patient.address[0].extension('http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode')")]
    [InlineData(null, "Patient.address")]
    public async Task A_missing_or_unknown_municipality_is_refused(string? kommune, string expression)
    {
        var fnr = TestData.NewNationalId();
        var patient = FhirData.NewPatient(fnr, kommune ?? "0301");
        if (kommune is null)
        {
            patient.Address = [];
        }

        var response = await _gp.PostFhirAsync("/fhir/Patient", patient);

        await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, expression);
        (await _gp.GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Only_health_professionals_register_patients()
    {
        var response = await app.AsOsloGym().PostFhirAsync("/fhir/Patient", FhirData.NewPatient(TestData.NewNationalId()));

        await response.ShouldBeOutcomeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_search_without_identifier_is_refused()
    {
        await (await _gp.GetFhirAsync("/fhir/Patient")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
        await (await _gp.GetFhirAsync("/fhir/Patient?name=Hansen")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
    }

    private async Task SendToBergenAsync(Guid prescription)
    {
        var location = DemoIdentities.BergenSentrumLocationId;
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(_gp, $"/api/prescriptions/{prescription}/send", new { locationId = location });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
