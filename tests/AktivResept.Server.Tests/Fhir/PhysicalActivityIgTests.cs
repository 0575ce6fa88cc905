using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>
/// The HL7 Physical Activity IG's own referrals (copies in PhysicalActivityIg/, source named in SOURCE.md), posted by
/// Firely's FhirClient as an EHR would: accepted with 201, and what they leave out inferred or deferred and said.
/// </summary>
public sealed class PhysicalActivityIgTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string InferredExtension = "http://aktivresept.no/fhir/StructureDefinition/inferred";
    private const string DoseAtAssessment = "http://aktivresept.no/fhir/StructureDefinition/dose-at-assessment";
    private const string TaskOutput = "http://aktivresept.no/fhir/CodeSystem/task-output";

    private readonly HttpClient _gp = app.AsGp();

    [Theory]
    [InlineData("ExampleServiceRequest")]
    [InlineData("Scen2ServiceRequest")]
    [InlineData("Scen3ServiceRequest")]
    public async Task The_IG_example_referral_is_created_with_201_and_says_what_it_inferred(string example)
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var referral = ForThisServer(example, patient);
        var client = Client();

        var created = await client.CreateAsync(referral);

        client.LastResult!.Status.ShouldStartWith("201");
        created.ShouldNotBeNull();
        created.Status.ShouldBe(RequestStatus.Active);
        created.Subject!.Reference.ShouldBe($"Patient/{patient}");
        created.Requester!.Identifier!.Value.ShouldBe(DemoIdentities.GpHpr);
        created.GetExtension(DoseAtAssessment)!.Value.ShouldBeOfType<FhirBoolean>().Value.ShouldBe(true);
        created.Quantity.ShouldBeNull();
        var inferred = Inferred(created);
        inferred.Issue.ShouldAllBe(i => i.Severity == OperationOutcome.IssueSeverity.Warning);
        inferred.Codes().ShouldContain("fhir.inferred.dose-at-assessment");
        inferred.Codes().ShouldContain("fhir.inferred.funding-self-paid");
        inferred.Codes().ShouldContain("fhir.inferred.activity-type");
        inferred.Codes().ShouldContain("fhir.inferred.requester");

        var view = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{created.Id}", Json.Options))!;
        view.Status.ShouldBe(PrescriptionStatus.Issued);
        view.Funding.ShouldBe(FundingSource.SelfPaid);
        view.DoseToBeSet.ShouldBeTrue();
        view.ActivityTypes.ShouldBe([ActivityType.PersonalTrainerFollowUp]);
        view.StartDate.ShouldBe(TestData.Today.AddDays(7));
        view.ReasonText.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_IG_example_reads_its_reason_from_the_coding_display_and_rounds_its_period_up_to_whole_weeks()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var client = Client();

        var created = await client.CreateAsync(ForThisServer("Scen3ServiceRequest", patient));

        // 2023-05-15 to 2023-08-30 is 107 days, 15 weeks and 2: prescribed as 16 weeks so the whole period is covered.
        var view = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{created!.Id}", Json.Options))!;
        view.ReasonText.ShouldBe("Lack of physical exercise");
        view.DurationWeeks.ShouldBe(16);
        Inferred(created).Codes().ShouldContain("fhir.inferred.period");
    }

    [Fact]
    public async Task Funding_is_inferred_as_state_reimbursed_when_a_benefit_makes_the_participant_eligible()
    {
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-30), null);
        var patient = await _gp.CreatePatientAsync(fnr);

        var created = await Client().CreateAsync(ForThisServer("ExampleServiceRequest", patient));

        created!.GetExtension(FhirData.Ext + "funding-source")!.Value.ShouldBeOfType<Coding>().Code.ShouldBe("StateReimbursed");
        var funding = Inferred(created!).Issue.Single(i => i.Details!.Coding[0].Code == "fhir.inferred.funding-state-reimbursed");
        funding.Diagnostics!.ShouldContain("SicknessBenefit");
        funding.Expression.ShouldHaveSingleItem().ShouldBe($"ServiceRequest.extension('{FhirData.Ext}funding-source')");
    }

    [Fact]
    public async Task With_Prefer_return_OperationOutcome_the_answer_is_the_outcome_itself()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/ServiceRequest")
        {
            Content = new StringContent(FhirHttp.Json(ForThisServer("ExampleServiceRequest", patient)), System.Text.Encoding.UTF8, FhirHttp.MediaType),
        };
        request.Headers.Add("Prefer", "return=OperationOutcome");

        var response = await _gp.SendAsync(request);

        response.Headers.Location!.ToString().ShouldStartWith("http://localhost/fhir/ServiceRequest/");
        var outcome = await response.ReadFhirAsync<OperationOutcome>(HttpStatusCode.Created);
        outcome.Issue[0].Severity.ShouldBe(OperationOutcome.IssueSeverity.Information);
        outcome.Codes()[0].ShouldBe("fhir.created");
        outcome.Codes().ShouldContain("fhir.inferred.dose-at-assessment");
    }

    [Fact]
    public async Task A_dose_given_as_occurrenceTiming_is_the_dose_and_nothing_is_deferred()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var referral = ForThisServer("Scen3ServiceRequest", patient);
        var start = TestData.Today.AddDays(14);
        referral.Occurrence = new Timing
        {
            Repeat = new Timing.RepeatComponent
            {
                Bounds = new Period { Start = FhirData.Date(start), End = FhirData.Date(start.AddDays((8 * 7) - 1)) },
                Frequency = 3,
                Period = 1,
                PeriodUnit = Timing.UnitsOfTime.Wk,
                Duration = 45,
                DurationUnit = Timing.UnitsOfTime.Min,
            },
        };

        var created = await Client().CreateAsync(referral);

        var view = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{created!.Id}", Json.Options))!;
        (view.SessionsPerWeek, view.MinutesPerSession, view.DoseToBeSet).ShouldBe((3, 45, false));
        (view.StartDate, view.DurationWeeks).ShouldBe((start, 8));
        created.Quantity.ShouldBeOfType<Ratio>().Numerator!.Value.ShouldBe(3);
        Inferred(created).Codes().ShouldNotContain("fhir.inferred.dose-at-assessment");
        Inferred(created).Codes().ShouldNotContain("fhir.inferred.period");
    }

    [Fact]
    public async Task A_referral_with_our_extensions_infers_nothing()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());

        var created = await Client().CreateAsync(FhirData.Referral(FhirData.PatientRef(patient)));

        created!.Contained.ShouldBeEmpty();
        created.GetExtension(InferredExtension).ShouldBeNull();
        created.GetExtension(DoseAtAssessment).ShouldBeNull();
    }

    [Fact]
    public async Task Content_our_profile_used_to_demand_is_inferred_or_deferred_and_said_element_by_element()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var referral = FhirData.Referral(FhirData.PatientRef(patient));
        referral.PatientInstruction = null;
        referral.OrderDetail.Clear();
        referral.Quantity = null;
        referral.Requester = null;
        referral.Extension.Clear();

        var created = await Client().CreateAsync(referral);

        var inferred = Inferred(created!);
        inferred.Issue.Single(i => i.Expression.Contains("ServiceRequest.patientInstruction")).Details!.Coding[0].Code.ShouldBe("fhir.inferred.goals");
        inferred.Issue.Single(i => i.Expression.Contains("ServiceRequest.orderDetail")).Details!.Coding[0].Code.ShouldBe("fhir.inferred.activity-type");
        inferred.Issue.Single(i => i.Expression.Contains("ServiceRequest.quantityRatio")).Details!.Coding[0].Code.ShouldBe("fhir.inferred.dose-at-assessment");
        inferred.Issue.Single(i => i.Expression.Contains("ServiceRequest.requester")).Diagnostics!.ShouldContain(DemoIdentities.GpHpr);
        inferred.Codes().ShouldContain("fhir.inferred.funding-self-paid");
        var view = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{created!.Id}", Json.Options))!;
        view.Goals.ShouldBe("Mål avtales ved første vurdering.");
        view.Referrer.Hpr.ShouldBe(DemoIdentities.GpHpr);
    }

    [Fact]
    public async Task An_intent_outside_the_order_family_is_still_refused()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var referral = ForThisServer("ExampleServiceRequest", patient);
        referral.Intent = RequestIntent.Proposal;

        var response = await _gp.PostFhirAsync("/fhir/ServiceRequest", referral);

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "ServiceRequest.intent")).Codes().ShouldBe(["fhir.service-request.intent"]);
    }

    [Fact]
    public async Task The_provider_sets_the_dose_through_the_Task_when_accepting_and_the_referral_then_shows_it()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var created = await Client().CreateAsync(ForThisServer("ExampleServiceRequest", patient));
        var sent = await _gp.PostAsJsonAsync($"/api/prescriptions/{created!.Id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        var gym = app.AsOsloGym();
        var task = await gym.GetFhirAsync<FhirTask>($"/fhir/Task/{created.Id}");
        var role = await app.Services.TrainerRoleIdAsync(DemoIdentities.TrainerAktivInstruktorFnr, DemoIdentities.AktivTreningOsloOrg);
        task.Status = FhirTask.TaskStatus.Accepted;
        task.Output =
        [
            new FhirTask.OutputComponent { Type = new CodeableConcept(TaskOutput, "assigned-trainer", null), Value = new ResourceReference($"PractitionerRole/{role}") },
            new FhirTask.OutputComponent { Type = new CodeableConcept(TaskOutput, "dose", null), Value = new Timing { Repeat = new Timing.RepeatComponent { Frequency = 2, Period = 1, PeriodUnit = Timing.UnitsOfTime.Wk, Duration = 50, DurationUnit = Timing.UnitsOfTime.Min } } },
        ];

        (await gym.PutFhirAsync($"/fhir/Task/{created.Id}", task)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var referral = await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{created.Id}");
        referral.GetExtension(DoseAtAssessment).ShouldBeNull();
        referral.Quantity.ShouldBeOfType<Ratio>().Numerator!.Value.ShouldBe(2);
        referral.GetExtension(FhirData.Ext + "minutes-per-session")!.Value.ShouldBeOfType<Duration>().Value.ShouldBe(50);
    }

    [Fact]
    public async Task Training_cannot_start_until_the_dose_is_set_and_a_later_Task_update_can_set_it()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        // The period begins today: training may start once the dose is set (not before the period, a rule of its own).
        var created = await Client().CreateAsync(ForThisServer("ExampleServiceRequest", patient, startInDays: 0));
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{created!.Id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var gym = app.AsOsloGym();
        var task = await gym.GetFhirAsync<FhirTask>($"/fhir/Task/{created.Id}");
        var role = await app.Services.TrainerRoleIdAsync(DemoIdentities.TrainerAktivInstruktorFnr, DemoIdentities.AktivTreningOsloOrg);
        task.Status = FhirTask.TaskStatus.Accepted;
        task.Output = [new FhirTask.OutputComponent { Type = new CodeableConcept(TaskOutput, "assigned-trainer", null), Value = new ResourceReference($"PractitionerRole/{role}") }];
        (await gym.PutFhirAsync($"/fhir/Task/{created.Id}", task)).StatusCode.ShouldBe(HttpStatusCode.OK);
        task.Status = FhirTask.TaskStatus.InProgress;
        task.Output.Clear();

        var early = await gym.PutFhirAsync($"/fhir/Task/{created.Id}", task);

        var refused = await early.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.status");
        refused.Codes().ShouldBe(["prescription.dose-not-set"]);
        refused.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.BusinessRule);
        task.Output = [new FhirTask.OutputComponent { Type = new CodeableConcept(TaskOutput, "dose", null), Value = new Timing { Repeat = new Timing.RepeatComponent { Frequency = 2, Period = 1, PeriodUnit = Timing.UnitsOfTime.Wk, Duration = 60, DurationUnit = Timing.UnitsOfTime.Min } } }];
        var started = await (await gym.PutFhirAsync($"/fhir/Task/{created.Id}", task)).ReadFhirAsync<FhirTask>();
        started.Status.ShouldBe(FhirTask.TaskStatus.InProgress);
        var view = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{created.Id}", Json.Options))!;
        (view.SessionsPerWeek, view.MinutesPerSession, view.DoseToBeSet).ShouldBe((2, 60, false));
    }

    [Fact]
    public async Task A_dose_output_in_the_wrong_shape_is_422_naming_the_output()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var created = await Client().CreateAsync(ForThisServer("ExampleServiceRequest", patient));
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{created!.Id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var gym = app.AsOsloGym();
        var task = await gym.GetFhirAsync<FhirTask>($"/fhir/Task/{created.Id}");
        task.Output = [new FhirTask.OutputComponent { Type = new CodeableConcept(TaskOutput, "dose", null), Value = new Quantity(3, "wk") }];

        var response = await gym.PutFhirAsync($"/fhir/Task/{created.Id}", task);

        (await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.output")).Codes().ShouldBe(["fhir.task.dose-output"]);
    }

    /// <summary>
    /// A FhirClient on the test server with the GP's token, as an EHR integrator would set it up (JSON: the SDK's
    /// default format is XML).
    /// </summary>
    private FhirClient Client()
    {
        var http = app.AsGp();
        var settings = new FhirClientSettings { PreferredFormat = ResourceFormat.Json, ReturnPreference = ReturnPreference.Representation };
        return new FhirClient(new Uri(http.BaseAddress!, "/fhir/"), http, settings);
    }

    /// <summary>
    /// The example as the IG has it, with what the exchange changes: the subject is the Patient registered here, and
    /// the dates move into the future by one offset (the period keeps its length; it starts a week from today, or
    /// <paramref name="startInDays"/> days from today).
    /// </summary>
    internal static ServiceRequest ForThisServer(string example, string patientId, int startInDays = 7)
    {
        var referral = Load(example);
        referral.Id = null;
        referral.Subject = new ResourceReference($"Patient/{patientId}");
        var period = (Period)referral.Occurrence!;
        var start = DateOnly.Parse(period.Start!, CultureInfo.InvariantCulture);
        var shift = TestData.Today.AddDays(startInDays).DayNumber - start.DayNumber;
        period.Start = FhirData.Date(start.AddDays(shift));
        period.End = FhirData.Date(DateOnly.Parse(period.End!, CultureInfo.InvariantCulture).AddDays(shift));
        referral.AuthoredOn = FhirData.Date(TestData.Today);
        return referral;
    }

    private static ServiceRequest Load(string example)
    {
        using var stream = typeof(PhysicalActivityIgTests).Assembly.GetManifestResourceStream($"pa-ig.{example}.json")!;
        using var reader = new StreamReader(stream);
        return new FhirJsonDeserializer(new DeserializerSettings()).Deserialize<ServiceRequest>(reader.ReadToEnd());
    }

    private static OperationOutcome Inferred(ServiceRequest created)
    {
        created.GetExtension(InferredExtension)!.Value.ShouldBeOfType<ResourceReference>().Reference.ShouldBe("#inferred");
        return created.Contained.OfType<OperationOutcome>().ShouldHaveSingleItem();
    }
}
