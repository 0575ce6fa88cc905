using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>
/// The confirmation to the referrer over FHIR: weekly adherence Observations, the Task following the prescription
/// and listing them, and the closing DiagnosticReport. Each test prescribes from the Monday after the test clock's
/// now (2 sessions a week), records attendance straight into the table and moves the clock into the third week.
/// </summary>
public sealed class AdherenceTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string Adherence = "http://aktivresept.no/fhir/CodeSystem/adherence";
    private const string TaskOutput = "http://aktivresept.no/fhir/CodeSystem/task-output";
    private const string PrescriptionStatus = "http://aktivresept.no/fhir/CodeSystem/prescription-status";

    private readonly HttpClient _gp = app.AsGp();
    private readonly HttpClient _gym = app.AsOsloGym();

    [Fact]
    public async Task Each_week_is_an_observation_of_sessions_attended_against_prescribed()
    {
        var p = await TrainingInThirdWeekAsync();

        var bundle = await _gp.GetFhirAsync<Bundle>($"/fhir/Observation?based-on=ServiceRequest/{p.Id}");

        var sessions = bundle.Resources<Observation>().Where(o => o.Code.Coding.Any(c => c.System == Adherence)).ToList();
        sessions.Select(o => o.Id).ShouldBe([$"{p.Id}-w{p.Week(0)}", $"{p.Id}-w{p.Week(1)}", $"{p.Id}-w{p.Week(2)}"]);
        sessions.Select(Value).ShouldBe([3m, 1m, 0m]);
        sessions.Select(o => Component(o, "sessions-prescribed-per-week")).ShouldBe([2m, 2m, 2m]);
        sessions.Select(o => Component(o, "no-shows-per-week")).ShouldBe([0m, 1m, 0m]);
        sessions.Select(o => o.Status).ShouldBe([ObservationStatus.Final, ObservationStatus.Final, ObservationStatus.Preliminary]);
        sessions.ShouldAllBe(o => o.Code.Coding[0].Code == "sessions-attended-per-week" && o.Value.ShouldBeOfType<Quantity>().Code == "/wk");

        var first = sessions[0];
        first.BasedOn.ShouldHaveSingleItem().Reference.ShouldBe($"ServiceRequest/{p.Id}");
        first.Subject!.Reference.ShouldBe($"Patient/{p.Patient}");
        first.Performer.ShouldHaveSingleItem().Reference.ShouldBe($"Organization/{await OsloProviderAsync()}");
        first.Category.SelectMany(c => c.Coding).ShouldContain(c => c.Code == "activity");
        var week = first.Effective.ShouldBeOfType<Period>();
        week.StartElement!.ToDateTimeOffset(TimeSpan.Zero).ShouldBe(OsloCalendar.StartOf(p.Monday));
        week.EndElement!.ToDateTimeOffset(TimeSpan.Zero).ShouldBe(OsloCalendar.StartOf(p.Monday.AddDays(7)).AddSeconds(-1));
        bundle.Total.ShouldBe(4);
    }

    [Fact]
    public async Task Minutes_are_an_observation_only_for_weeks_whose_durations_are_known()
    {
        var p = await TrainingInThirdWeekAsync();

        var bundle = await _gp.GetFhirAsync<Bundle>($"/fhir/Observation?patient=Patient/{p.Patient}");

        var minutes = bundle.Resources<Observation>().Where(o => o.Code.Coding.Any(c => c.System == "http://loinc.org")).ToList().ShouldHaveSingleItem();
        minutes.Id.ShouldBe($"{p.Id}-min-w{p.Week(0)}");
        minutes.Code.Coding.ShouldHaveSingleItem().Code.ShouldBe("82290-8");
        var value = minutes.Value.ShouldBeOfType<Quantity>();
        value.Value.ShouldBe(105m);
        (value.System, value.Code).ShouldBe(("http://unitsofmeasure.org", "min/wk"));
        minutes.Effective.ShouldBeOfType<Period>().Start.ShouldBe(bundle.Resources<Observation>().First().Effective.ShouldBeOfType<Period>().Start);
    }

    [Fact]
    public async Task Reading_an_observation_again_gives_the_same_resource()
    {
        var p = await TrainingInThirdWeekAsync();
        var id = $"{p.Id}-w{p.Week(1)}";

        var once = await _gp.GetFhirAsync<Observation>($"/fhir/Observation/{id}");
        var again = await _gym.GetFhirAsync<Observation>($"/fhir/Observation/{id}");

        once.Id.ShouldBe(id);
        FhirHttp.Json(again).ShouldBe(FhirHttp.Json(once));
        await (await _gp.GetFhirAsync($"/fhir/Observation/{p.Id}-w{p.Week(5)}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        await (await _gp.GetFhirAsync($"/fhir/Observation/{p.Id}-min-w{p.Week(1)}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_active_prescription_is_an_in_progress_task_whose_outputs_resolve()
    {
        var p = await TrainingInThirdWeekAsync();

        var task = await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{p.Id}");

        task.Status.ShouldBe(FhirTask.TaskStatus.InProgress);
        task.StatusReason.ShouldBeNull();
        task.BusinessStatus!.Coding.ShouldHaveSingleItem().ShouldSatisfyAllConditions(c => c.System.ShouldBe(PrescriptionStatus), c => c.Code.ShouldBe("Active"));
        task.BusinessStatus.Text.ShouldBe("Active");
        var weekly = Outputs(task, "adherence-week");
        weekly.Count.ShouldBe(4);
        task.Output.ShouldAllBe(o => o.Type.Coding[0].Code != "adherence-summary");
        foreach (var reference in weekly)
        {
            (await _gp.GetFhirAsync<Observation>($"/fhir/{reference}")).BasedOn[0].Reference.ShouldBe($"ServiceRequest/{p.Id}");
        }

        await (await _gp.GetFhirAsync($"/fhir/DiagnosticReport/{p.Id}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await _gp.GetFhirAsync<Bundle>($"/fhir/DiagnosticReport?based-on=ServiceRequest/{p.Id}")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Completion_closes_the_task_with_a_diagnostic_report_based_on_the_referral()
    {
        var p = await TrainingInThirdWeekAsync();
        var task = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{p.Id}");
        var completedAt = app.Clock.GetUtcNow();

        (await (await PutStatusAsync(task, FhirTask.TaskStatus.Completed)).ReadFhirAsync<FhirTask>()).Status.ShouldBe(FhirTask.TaskStatus.Completed);
        app.Clock.Advance(TimeSpan.FromDays(8));

        var closed = await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{p.Id}");
        closed.Status.ShouldBe(FhirTask.TaskStatus.Completed);
        closed.BusinessStatus!.Coding[0].Code.ShouldBe("Completed");
        Outputs(closed, "adherence-summary").ShouldBe([$"DiagnosticReport/{p.Id}"]);
        var report = await _gp.GetFhirAsync<DiagnosticReport>($"/fhir/DiagnosticReport/{p.Id}");
        report.Status.ShouldBe(DiagnosticReport.DiagnosticReportStatus.Final);
        report.BasedOn.ShouldHaveSingleItem().Reference.ShouldBe($"ServiceRequest/{p.Id}");
        report.Subject!.Reference.ShouldBe($"Patient/{p.Patient}");
        report.Issued.ShouldBe(completedAt);
        report.Result.Select(r => r.Reference).ShouldBe(Outputs(closed, "adherence-week"));
        report.Conclusion!.ShouldContain("attended 4 of 5 prescribed sessions (80 %)");
        (await _gp.GetFhirAsync<Bundle>($"/fhir/DiagnosticReport?based-on=ServiceRequest/{p.Id}")).Resources<DiagnosticReport>().ShouldHaveSingleItem().Id.ShouldBe(p.Id.ToString());

        // The record stopped growing when the prescription closed, and every week in it is settled.
        var observations = (await _gp.GetFhirAsync<Bundle>($"/fhir/Observation?based-on=ServiceRequest/{p.Id}")).Resources<Observation>().ToList();
        observations.Count.ShouldBe(4);
        observations.ShouldAllBe(o => o.Status == ObservationStatus.Final);
    }

    [Fact]
    public async Task Dropping_out_fails_the_task_with_the_reason_as_status_reason()
    {
        var p = await TrainingInThirdWeekAsync();
        var task = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{p.Id}");

        await (await PutStatusAsync(task, FhirTask.TaskStatus.Failed, "Flyttet fra kommunen")).ReadFhirAsync<FhirTask>();
        app.Clock.Advance(TimeSpan.FromDays(8));

        var failed = await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{p.Id}");
        failed.Status.ShouldBe(FhirTask.TaskStatus.Failed);
        failed.StatusReason!.Text.ShouldBe("Flyttet fra kommunen");
        failed.BusinessStatus!.Coding[0].Code.ShouldBe("DroppedOut");
        Outputs(failed, "adherence-week").Count.ShouldBe(4);
        var report = await _gp.GetFhirAsync<DiagnosticReport>($"/fhir/DiagnosticReport/{p.Id}");
        report.Conclusion.ShouldStartWith("Dropped out (Flyttet fra kommunen)");
    }

    [Fact]
    public async Task Someone_without_a_relationship_gets_404_and_finds_nothing()
    {
        var p = await TrainingInThirdWeekAsync();
        var bergen = app.AsBergenGym();
        var physio = app.AsPhysiotherapist();

        foreach (var stranger in (HttpClient[])[bergen, physio])
        {
            await (await stranger.GetFhirAsync($"/fhir/Observation/{p.Id}-w{p.Week(0)}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
            await (await stranger.GetFhirAsync($"/fhir/DiagnosticReport/{p.Id}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
            (await stranger.GetFhirAsync<Bundle>($"/fhir/Observation?based-on=ServiceRequest/{p.Id}")).Total.ShouldBe(0);
            (await stranger.GetFhirAsync<Bundle>($"/fhir/Observation?subject=Patient/{p.Patient}")).Total.ShouldBe(0);
        }

        await (await _gp.GetFhirAsync($"/fhir/Observation/{Guid.NewGuid()}-w{p.Week(0)}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        await (await _gp.GetFhirAsync("/fhir/Observation/not-an-id")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{p.Id}" && a.Outcome == AuditOutcome.Denied)))
            .ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public async Task Observation_searches_are_audited_per_person_and_must_name_a_referral_or_person()
    {
        var p = await TrainingInThirdWeekAsync();

        await _gp.GetFhirAsync<Bundle>($"/fhir/Observation?subject=Patient/{p.Patient}");

        (await app.QueryAsync(db => db.AuditRecords.AnyAsync(a => a.Resource == "Observation?search" && a.SubjectPersonId == p.Patient))).ShouldBeTrue();
        await (await _gp.GetFhirAsync("/fhir/Observation")).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// A prescription accepted by Aktiv Trening Oslo and started, with the clock on the Tuesday of its third week.
    /// Week 1: a 60-minute PT session, a 45-minute class and a check-in without duration (3 sessions, 105 minutes).
    /// Week 2: a check-in and a no-show (1 session, minutes unknown), plus a pending event that does not count.
    /// </summary>
    private async Task<Prescribed> TrainingInThirdWeekAsync()
    {
        var today = OsloCalendar.DateOf(app.Clock.GetUtcNow());
        var monday = OsloCalendar.MondayOf(today).AddDays(7);
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var id = Guid.Parse(await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient), start: monday)));
        var location = DemoIdentities.GrunerlokkaLocationId;
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var task = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        await (await PutStatusAsync(task, FhirTask.TaskStatus.Accepted, trainerRole: await PerAktivRoleAsync())).ReadFhirAsync<FhirTask>();

        var provider = await OsloProviderAsync();
        var person = Guid.Parse(patient);
        await app.QueryAsync(db =>
        {
            AttendanceRecord Event(int day, int hour, AttendanceKind kind, int? minutes, ReconciliationState state = ReconciliationState.Matched) => new()
            {
                ProviderId = provider,
                Source = AttendanceSource.Webhook,
                SourceId = provider,
                ExternalId = Guid.NewGuid().ToString(),
                Kind = kind,
                OccurredAt = OsloCalendar.StartOf(monday.AddDays(day)).AddHours(hour),
                ParticipantId = person,
                PrescriptionId = id,
                DurationMinutes = minutes,
                ReceivedAt = OsloCalendar.StartOf(monday.AddDays(day)).AddHours(hour + 1),
                Reconciliation = state,
            };

            db.AttendanceRecords.AddRange(
                Event(0, 17, AttendanceKind.PtSession, 60),
                Event(2, 18, AttendanceKind.ClassAttendance, 45),
                Event(4, 7, AttendanceKind.CheckIn, null),
                Event(8, 7, AttendanceKind.CheckIn, null),
                Event(10, 18, AttendanceKind.NoShow, null),
                Event(11, 18, AttendanceKind.PtSession, 60, ReconciliationState.Pending));
            return db.SaveChangesAsync();
        });

        app.Clock.SetUtcNow(OsloCalendar.StartOf(monday.AddDays(15)).AddHours(9));
        (await (await PutStatusAsync(task, FhirTask.TaskStatus.InProgress)).ReadFhirAsync<FhirTask>()).Status.ShouldBe(FhirTask.TaskStatus.InProgress);
        return new Prescribed(id, person, monday);
    }

    private Task<HttpResponseMessage> PutStatusAsync(FhirTask current, FhirTask.TaskStatus status, string? reason = null, Guid? trainerRole = null)
    {
        var task = (FhirTask)current.DeepCopy();
        task.Status = status;
        task.StatusReason = reason is null ? null : new CodeableConcept { Text = reason };
        task.Output.Clear();
        if (trainerRole is { } role)
        {
            task.Output.Add(new FhirTask.OutputComponent
            {
                Type = new CodeableConcept(TaskOutput, "assigned-trainer", null),
                Value = new ResourceReference($"PractitionerRole/{role}"),
            });
        }

        return _gym.PutFhirAsync($"/fhir/Task/{current.Id}", task);
    }

    private static List<string> Outputs(FhirTask task, string type) =>
        [.. task.Output.Where(o => o.Type.Coding.Any(c => c.System == TaskOutput && c.Code == type)).Select(o => o.Value.ShouldBeOfType<ResourceReference>().Reference!)];

    private static decimal? Value(Observation o) => o.Value.ShouldBeOfType<Quantity>().Value;

    private static decimal? Component(Observation o, string code) =>
        o.Component.Single(c => c.Code.Coding.Any(x => x.System == Adherence && x.Code == code)).Value.ShouldBeOfType<Quantity>().Value;

    private Task<Guid> OsloProviderAsync() =>
        app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());

    /// <summary>Per Aktiv's role at the Oslo gym: the PractitionerRole a gym's system assigns.</summary>
    private Task<Guid> PerAktivRoleAsync() =>
        app.Services.TrainerRoleIdAsync(DemoIdentities.TrainerAktivInstruktorFnr, DemoIdentities.AktivTreningOsloOrg);

    private sealed record Prescribed(Guid Id, Guid Patient, DateOnly Monday)
    {
        /// <summary>The ISO week <paramref name="n"/> weeks into the period, as in the Observation ids (YYYYWW).</summary>
        public string Week(int n)
        {
            var (year, week) = OsloCalendar.IsoWeekOf(Monday.AddDays(7 * n));
            return $"{year:0000}{week:00}";
        }
    }
}
