using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

public sealed class ServiceRequestTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task A_referral_created_through_FHIR_is_the_prescription_the_REST_API_shows()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient)));

        var created = await response.ReadFhirAsync<ServiceRequest>(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/fhir/ServiceRequest/{created.Id}");
        created.Status.ShouldBe(RequestStatus.Active);
        created.Identifier.ShouldContain(i => i.System == FhirData.PrescriptionIdentifier && i.Value == created.Id);
        created.Subject.Reference.ShouldBe($"Patient/{patient}");
        created.Requester!.Identifier!.Value.ShouldBe(DemoIdentities.GpHpr);
        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{created.Id}", Json.Options);
        view!.Status.ShouldBe(PrescriptionStatus.Issued);
        view.Participant.Id.ToString().ShouldBe(patient);
        view.ReasonCode.ShouldBe("L84");
        view.ReasonText.ShouldBe("Ryggsmerter");
        view.Goals.ShouldBe("Gå tur uten smerter");
        view.Precautions.ShouldBe("Ingen tunge løft");
        view.ActivityTypes.ShouldBe([ActivityType.SupervisedStrength, ActivityType.Endurance]);
        view.SessionsPerWeek.ShouldBe(2);
        view.MinutesPerSession.ShouldBe(60);
        view.StartDate.ShouldBe(TestData.Today.AddDays(7));
        view.DurationWeeks.ShouldBe(12);
        view.Funding.ShouldBe(FundingSource.SelfPaid);
    }

    [Fact]
    public async Task A_draft_referral_is_a_draft_prescription()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var referral = FhirData.Referral(FhirData.PatientRef(patient), status: RequestStatus.Draft);
        referral.Occurrence = new Period { Start = FhirData.Date(TestData.Today.AddDays(14)), End = FhirData.Date(TestData.Today.AddDays(14 + 56)) };

        var id = await _gp.CreateReferralAsync(referral);

        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        view!.Status.ShouldBe(PrescriptionStatus.Draft);
        view.DurationWeeks.ShouldBe(8);
        (await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Status.ShouldBe(RequestStatus.Draft);
    }

    [Fact]
    public async Task A_REST_prescription_reads_as_a_ServiceRequest_and_is_found_by_its_subject()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), competence: "AktivInstruktor"));
        var view = await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        var patient = view!.Participant.Id;

        var request = await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}");

        request.Subject.Reference.ShouldBe($"Patient/{patient}");
        request.Code!.Coding.ShouldContain(c => c.System == FhirData.Snomed && c.Code == "390893007");
        request.ReasonCode[0].Coding.ShouldContain(c => c.System == FhirData.Icpc2 && c.Code == "L84");
        request.PatientInstruction.ShouldBe("Gå tur uten smerter");
        request.PerformerType!.Coding[0].Code.ShouldBe("AktivInstruktor");
        request.Occurrence.ShouldBeOfType<Period>().Start.ShouldBe(FhirData.Date(TestData.Today.AddDays(7)));
        request.Occurrence.ShouldBeOfType<Period>().End.ShouldBe(FhirData.Date(TestData.Today.AddDays(7 + 83)));
        request.Quantity.ShouldBeOfType<Ratio>().Numerator!.Value.ShouldBe(2);
        request.GetExtension(FhirData.Ext + "prescription-status")!.Value.ShouldBeOfType<Code>().Value.ShouldBe("Issued");
        request.GetExtension(FhirData.Ext + "minutes-per-session")!.Value.ShouldBeOfType<Duration>().Value.ShouldBe(60);

        foreach (var query in new[] { $"subject=Patient/{patient}", $"patient={patient}", $"identifier={FhirData.PrescriptionIdentifier}|{id}", "status=active", $"requester:identifier={FhirData.Hpr}|{DemoIdentities.GpHpr}", $"requester={DemoIdentities.GpHpr}" })
        {
            var bundle = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?{query}&_count=200");
            bundle.Resources<ServiceRequest>().Select(r => r.Id).ShouldContain(id.ToString(), query);
        }

        (await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&status=completed")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task The_subject_may_be_a_national_id_of_a_known_patient_but_an_unknown_one_must_be_created_first()
    {
        var fnr = TestData.NewNationalId();
        var unknown = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.ByNationalId(fnr)));
        var outcome = await unknown.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject");
        outcome.Issue[0].Diagnostics!.ShouldContain("Create the Patient first");

        var patient = await _gp.CreatePatientAsync(fnr);
        var id = await _gp.CreateReferralAsync(FhirData.Referral(FhirData.ByNationalId(fnr)));

        (await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Subject.Reference.ShouldBe($"Patient/{patient}");
    }

    [Fact]
    public async Task Another_referrers_prescription_is_not_found_and_searches_return_only_your_own()
    {
        var fnr = TestData.NewNationalId();
        var patient = await _gp.CreatePatientAsync(fnr);
        var mine = await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));
        var physio = app.AsPhysiotherapist();

        await (await physio.GetFhirAsync($"/fhir/ServiceRequest/{mine}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        await (await physio.GetFhirAsync($"/fhir/Task/{mine}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await physio.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}")).Total.ShouldBe(0);
        var all = await physio.GetFhirAsync<Bundle>("/fhir/ServiceRequest?_count=200");
        all.Resources<ServiceRequest>().ShouldAllBe(r => r.Requester!.Identifier!.Value == DemoIdentities.PhysiotherapistHpr);
        all.Resources<ServiceRequest>().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Referring_a_patient_you_cannot_see_by_id_is_refused_like_an_unknown_one()
    {
        var patient = await app.AsPhysiotherapist().CreatePatientAsync(TestData.NewNationalId());

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient)));

        await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject.reference");
    }

    [Fact]
    public async Task Searches_page_with_count_and_offset()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var first = await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));

        var page1 = await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&_count=1");

        page1.Total.ShouldBe(2);
        page1.Resources<ServiceRequest>().ShouldHaveSingleItem().Id.ShouldBe(second);
        var next = page1.Link.Single(l => l.Relation == "next").Url;
        var page2 = await _gp.GetFhirAsync<Bundle>(new Uri(next!).PathAndQuery);
        page2.Resources<ServiceRequest>().ShouldHaveSingleItem().Id.ShouldBe(first);
        page2.Link.ShouldNotContain(l => l.Relation == "next");
        (await _gp.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}&_count=0")).Total.ShouldBe(2);
    }

    [Fact]
    public async Task A_referrer_issues_only_as_themself()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var before = await CountPrescriptionsAsync();

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient), hpr: DemoIdentities.PhysiotherapistHpr));

        await response.ShouldBeOutcomeAsync(HttpStatusCode.Forbidden, "ServiceRequest.requester");
        (await CountPrescriptionsAsync()).ShouldBe(before);
        await (await app.AsOsloGym().PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient))))
            .ShouldBeOutcomeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_EHR_acting_for_a_health_professional_refers_like_the_referrer()
    {
        var ehr = app.ClientAs(Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);
        var fnr = TestData.NewNationalId();

        var patient = await ehr.CreatePatientAsync(fnr);
        var id = await ehr.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));

        (await ehr.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Requester!.Identifier!.Value.ShouldBe(DemoIdentities.GpHpr);
        (await ehr.GetFhirAsync<Bundle>($"/fhir/ServiceRequest?subject=Patient/{patient}")).Total.ShouldBe(1);
        (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options))!.Referrer.Hpr.ShouldBe(DemoIdentities.GpHpr);
        var withoutHpr = app.ClientAs(Roles.Ehr, org: DemoIdentities.GpOfficeOrg);
        await (await withoutHpr.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient))))
            .ShouldBeOutcomeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task State_funding_without_a_benefit_is_refused_with_422_naming_the_funding()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", FhirData.Referral(FhirData.PatientRef(patient), funding: "StateReimbursed"));

        await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, $"ServiceRequest.extension('{FhirData.Ext}funding-source')");
    }

    [Fact]
    public async Task State_funding_with_a_benefit_is_issued()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-30), null);
        var patient = await _gp.CreatePatientAsync(fnr);

        var id = await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient), funding: "StateReimbursed"));

        var request = await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}");
        request.GetExtension(FhirData.Ext + "funding-source")!.Value.ShouldBeOfType<Coding>().Code.ShouldBe("StateReimbursed");
    }

    private Task<int> CountPrescriptionsAsync() => app.QueryAsync(db => db.Prescriptions.CountAsync());
}
