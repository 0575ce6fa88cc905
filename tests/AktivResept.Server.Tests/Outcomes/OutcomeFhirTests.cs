using System.Net;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Outcomes;

public sealed class OutcomeFhirTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string InstrumentSystem = "http://aktivresept.no/fhir/CodeSystem/outcome-instrument";

    [Fact]
    public async System.Threading.Tasks.Task The_trainer_creates_an_Observation_and_the_referrer_reads_and_searches_it_by_patient_code_and_date()
    {
        var p = await app.FollowedAsync();
        var observation = SitToStand(p.Id, 12, app.Clock.GetUtcNow().AddHours(-1));

        var created = await (await p.Trainer.PostFhirAsync("/fhir/Observation", observation)).ReadFhirAsync<Observation>(HttpStatusCode.Created);
        var read = await app.AsGp().GetFhirAsync<Observation>($"/fhir/Observation/{created.Id}");
        var patient = read.Subject!.Reference;
        var today = app.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var byCode = await app.AsGp().GetFhirAsync<Bundle>($"/fhir/Observation?patient={patient}&code={InstrumentSystem}|sit-to-stand-30s&date=ge{today}");
        var outcomesOnly = await app.AsGp().GetFhirAsync<Bundle>($"/fhir/Observation?based-on=ServiceRequest/{p.Id}&category=outcome");
        var wrongDate = await app.AsGp().GetFhirAsync<Bundle>($"/fhir/Observation?patient={patient}&code=sit-to-stand-30s&date=lt2020-01-01");

        read.Status.ShouldBe(ObservationStatus.Final);
        Q(read.Value).Value.ShouldBe(12m);
        Q(read.Value).Code.ShouldBe("{repetitions}");
        read.BasedOn.Single().Reference.ShouldBe($"ServiceRequest/{p.Id}");
        read.Category.SelectMany(c => c.Coding).Select(c => c.Code).ShouldBe(["exam", "outcome"]);
        byCode.Resources<Observation>().Select(o => o.Id).ShouldBe([created.Id]);
        outcomesOnly.Resources<Observation>().Select(o => o.Id).ShouldBe([created.Id]);
        wrongDate.Resources<Observation>().ShouldBeEmpty();
    }

    [Fact]
    public async System.Threading.Tasks.Task Bad_Observations_are_refused_with_an_OperationOutcome_naming_the_element_and_nothing_is_saved()
    {
        var p = await app.FollowedAsync();
        var at = app.Clock.GetUtcNow().AddHours(-1);
        var tooMany = SitToStand(p.Id, 95, at);
        var wrongUnit = SitToStand(p.Id, 12, at);
        Q(wrongUnit.Value).Code = "kg";
        var future = SitToStand(p.Id, 12, at.AddDays(3));
        var noBasis = SitToStand(p.Id, 12, at);
        noBasis.BasedOn.Clear();

        await (await p.Trainer.PostFhirAsync("/fhir/Observation", tooMany)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Observation.valueQuantity.value");
        await (await p.Trainer.PostFhirAsync("/fhir/Observation", wrongUnit)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Observation.valueQuantity.code");
        await (await p.Trainer.PostFhirAsync("/fhir/Observation", future)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Observation.effectiveDateTime");
        await (await p.Trainer.PostFhirAsync("/fhir/Observation", noBasis)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Observation.basedOn");
        await (await app.AsGp().PostFhirAsync("/fhir/Observation", SitToStand(p.Id, 12, at))).ShouldBeOutcomeAsync(HttpStatusCode.Forbidden);
        await (await app.ClientAs(Roles.Trainer, fnr: Features.Demo.DemoIdentities.TrainerSharedPositionFnr).PostFhirAsync("/fhir/Observation", SitToStand(p.Id, 12, at)))
            .ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.OutcomeMeasurements.CountAsync(m => m.PrescriptionId == p.Id))).ShouldBe(0);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_participant_answers_EQ5D_as_a_QuestionnaireResponse_that_the_referrer_reads_with_its_Observation()
    {
        var p = await app.FollowedAsync();
        var questionnaire = await p.Participant.GetFhirAsync<Questionnaire>("/fhir/Questionnaire/eq-5d-5l");
        var response = new QuestionnaireResponse
        {
            Questionnaire = questionnaire.Url,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            BasedOn = [new ResourceReference($"ServiceRequest/{p.Id}")],
            Authored = app.Clock.GetUtcNow().AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Item = [.. questionnaire.Item.Select(i => new QuestionnaireResponse.ItemComponent
            {
                LinkId = i.LinkId,
                Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Integer(i.LinkId == "vas" ? 75 : 1) }],
            })],
        };
        var incomplete = (QuestionnaireResponse)response.DeepCopy();
        incomplete.Item.RemoveAt(2);

        await (await p.Participant.PostFhirAsync("/fhir/QuestionnaireResponse", incomplete)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity);
        var created = await (await p.Participant.PostFhirAsync("/fhir/QuestionnaireResponse", response)).ReadFhirAsync<QuestionnaireResponse>(HttpStatusCode.Created);
        var read = await app.AsGp().GetFhirAsync<QuestionnaireResponse>($"/fhir/QuestionnaireResponse/{created.Id}");
        var observation = await app.AsGp().GetFhirAsync<Observation>($"/fhir/Observation/{created.Id}");
        var search = await app.AsGp().GetFhirAsync<Bundle>($"/fhir/QuestionnaireResponse?based-on=ServiceRequest/{p.Id}");

        questionnaire.Item.First().Text.ShouldStartWith("[Placeholder");
        read.Item.Count.ShouldBe(6);
        Q(observation.Value).Value.ShouldBe(1.000m);
        observation.DerivedFrom.Select(d => d.Reference).ShouldContain($"QuestionnaireResponse/{created.Id}");
        search.Resources<QuestionnaireResponse>().Select(r => r.Id).ShouldBe([created.Id]);
        await (await app.AsGp().PostFhirAsync("/fhir/QuestionnaireResponse", response)).ShouldBeOutcomeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_exercise_vital_sign_is_derived_from_its_days_and_minutes_Observations_as_the_PA_IG_defines()
    {
        var p = await app.FollowedAsync();
        var evs = new Observation
        {
            Status = ObservationStatus.Final,
            BasedOn = [new ResourceReference($"ServiceRequest/{p.Id}")],
            Code = new CodeableConcept("http://loinc.org", "82290-8"),
            Effective = new FhirDateTime(app.Clock.GetUtcNow().AddHours(-1)),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "89555-7"), Value = new Quantity(4, "d/wk", "http://unitsofmeasure.org") },
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "68516-4"), Value = new Quantity(30, "min/d", "http://unitsofmeasure.org") },
            ],
        };

        var created = await (await p.Trainer.PostFhirAsync("/fhir/Observation", evs)).ReadFhirAsync<Observation>(HttpStatusCode.Created);
        var days = await app.AsGp().GetFhirAsync<Observation>($"/fhir/Observation/{created.Id}-days");
        var minutes = await app.AsGp().GetFhirAsync<Observation>($"/fhir/Observation/{created.Id}-minutes");

        Q(created.Value).Value.ShouldBe(120m);
        Q(created.Value).Code.ShouldBe("min/wk");
        created.Code.Coding.ShouldContain(c => c.System == "http://loinc.org" && c.Code == "82290-8");
        created.DerivedFrom.Select(d => d.Reference).ShouldBe([$"Observation/{created.Id}-days", $"Observation/{created.Id}-minutes"]);
        days.Code.Coding.ShouldContain(c => c.Code == "89555-7");
        Q(days.Value).Value.ShouldBe(4m);
        Q(minutes.Value).Value.ShouldBe(30m);
    }

    private static Quantity Q(DataType? value) => value.ShouldBeOfType<Quantity>();

    private static Observation SitToStand(Guid prescription, decimal repetitions, DateTimeOffset at) => new()
    {
        Status = ObservationStatus.Final,
        BasedOn = [new ResourceReference($"ServiceRequest/{prescription}")],
        Code = new CodeableConcept(InstrumentSystem, "sit-to-stand-30s"),
        Effective = new FhirDateTime(at),
        Value = new Quantity { Value = repetitions, System = "http://unitsofmeasure.org", Code = "{repetitions}", Unit = "repetitions" },
    };
}
