using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

public sealed class TaskTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string AssignedTrainer = "http://aktivresept.no/fhir/CodeSystem/task-output";

    private readonly HttpClient _gp = app.AsGp();
    private readonly HttpClient _gym = app.AsOsloGym();

    [Fact]
    public async Task The_task_follows_the_prescription_from_referral_to_completion()
    {
        var id = await ReferAsync();
        var task = await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        task.Status.ShouldBe(FhirTask.TaskStatus.Requested);
        task.Intent.ShouldBe(FhirTask.TaskIntent.Order);
        task.Code!.Coding.ShouldContain(c => c.System == "http://hl7.org/fhir/CodeSystem/task-code" && c.Code == "fulfill");
        task.Focus!.Reference.ShouldBe($"ServiceRequest/{id}");
        task.Owner.ShouldBeNull();

        await SendToOsloAsync(id);
        var sent = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        sent.Status.ShouldBe(FhirTask.TaskStatus.Requested);
        sent.Owner!.Reference.ShouldBe($"Organization/{await OsloProviderAsync()}");

        var role = await PerAktivRoleAsync();
        var accepted = await PutStatusAsync(_gym, sent, FhirTask.TaskStatus.Accepted, trainerRole: role);
        (await accepted.ReadFhirAsync<FhirTask>()).Output.Where(o => o.Type.Coding.Any(c => c.Code == "assigned-trainer")).ShouldHaveSingleItem().Value.ShouldBeOfType<ResourceReference>().Reference.ShouldBe($"PractitionerRole/{role}");
        var view = await RestViewAsync(id);
        view.Status.ShouldBe(PrescriptionStatus.Accepted);
        view.Trainer!.Name.ShouldBe("Per Aktiv");
        (await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Performer.Select(p => p.Reference).ShouldContain($"PractitionerRole/{role}");

        (await (await PutStatusAsync(_gym, sent, FhirTask.TaskStatus.InProgress)).ReadFhirAsync<FhirTask>()).Status.ShouldBe(FhirTask.TaskStatus.InProgress);
        (await RestViewAsync(id)).Status.ShouldBe(PrescriptionStatus.Active);
        var completed = await (await PutStatusAsync(_gym, sent, FhirTask.TaskStatus.Completed)).ReadFhirAsync<FhirTask>();
        completed.Status.ShouldBe(FhirTask.TaskStatus.Completed);
        completed.ExecutionPeriod!.Start.ShouldNotBeNull();
        (await RestViewAsync(id)).Status.ShouldBe(PrescriptionStatus.Completed);
        (await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Status.ShouldBe(RequestStatus.Completed);
    }

    [Fact]
    public async Task An_illegal_status_change_is_422_and_changes_nothing()
    {
        var id = await ReferAsync();
        await SendToOsloAsync(id);
        var task = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        var history = await HistoryCountAsync(id);

        var response = await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Completed);

        await response.ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.status");
        (await HistoryCountAsync(id)).ShouldBe(history);
        (await RestViewAsync(id)).Status.ShouldBe(PrescriptionStatus.Issued);
        await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Draft)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.status");
    }

    [Fact]
    public async Task Accepting_must_name_a_trainer_role_at_the_provider()
    {
        var id = await ReferAsync();
        await SendToOsloAsync(id);
        var task = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        var bergenRole = await app.QueryAsync(db => db.TrainerRoles.Where(r => r.OrganisationNumber == DemoIdentities.BergenHelsetreningOrg).Select(r => r.Id).FirstAsync());

        await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Accepted)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.output");
        await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Accepted, trainerRole: bergenRole)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.output");
        await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Accepted, trainerRole: Guid.NewGuid())).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.output");
        (await RestViewAsync(id)).Status.ShouldBe(PrescriptionStatus.Issued);
        await (await PutStatusAsync(_gp, task, FhirTask.TaskStatus.Accepted, trainerRole: await PerAktivRoleAsync())).ShouldBeOutcomeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_which_the_task_then_shows()
    {
        var id = await ReferAsync();
        await SendToOsloAsync(id);
        var task = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");

        var missing = await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Rejected)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.statusReason");
        missing.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Required);
        missing.Issue[0].Details!.Coding.ShouldHaveSingleItem().Code.ShouldBe("prescription.reason-required");
        var rejected = await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Rejected, reason: "Fullt denne måneden")).ReadFhirAsync<FhirTask>();

        rejected.Status.ShouldBe(FhirTask.TaskStatus.Rejected);
        rejected.StatusReason!.Text.ShouldBe("Fullt denne måneden");
        rejected.BusinessStatus!.Coding[0].Code.ShouldBe("Rejected");
        var view = await RestViewAsync(id);
        view.Status.ShouldBe(PrescriptionStatus.Rejected);
        view.History[^1].Reason.ShouldBe("Fullt denne måneden");
        (await _gp.GetFhirAsync<ServiceRequest>($"/fhir/ServiceRequest/{id}")).Status.ShouldBe(RequestStatus.Revoked);

        var again = await (await PutStatusAsync(_gym, rejected, FhirTask.TaskStatus.InProgress)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.status");
        again.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.BusinessRule);
        var coding = again.Issue[0].Details!.Coding.ShouldHaveSingleItem();
        coding.System.ShouldBe("https://aktivresept.no/fhir/CodeSystem/error");
        coding.Code.ShouldBe("prescription.transition-not-allowed");
        coding.Display.ShouldBe(again.Issue[0].Diagnostics);
    }

    [Fact]
    public async Task The_referrer_cancels_and_issues_drafts_through_the_task()
    {
        var id = await ReferAsync();
        var task = await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        var cancelled = await (await PutStatusAsync(_gp, task, FhirTask.TaskStatus.Cancelled, reason: "Feil pasient")).ReadFhirAsync<FhirTask>();
        cancelled.Status.ShouldBe(FhirTask.TaskStatus.Cancelled);
        (await RestViewAsync(id)).Status.ShouldBe(PrescriptionStatus.Cancelled);

        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        var draft = await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient), status: RequestStatus.Draft));
        var draftTask = await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{draft}");
        draftTask.Status.ShouldBe(FhirTask.TaskStatus.Draft);
        (await (await PutStatusAsync(_gp, draftTask, FhirTask.TaskStatus.Requested)).ReadFhirAsync<FhirTask>()).Status.ShouldBe(FhirTask.TaskStatus.Requested);
        (await RestViewAsync(Guid.Parse(draft))).Status.ShouldBe(PrescriptionStatus.Issued);
    }

    [Fact]
    public async Task Expired_and_dropped_out_prescriptions_show_as_cancelled_and_failed()
    {
        var nav = app.ClientAs(AktivResept.Server.Common.Auth.Roles.Referrer, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg);
        var fredrik = await app.Services.PersonIdAsync(DemoIdentities.ParticipantFredrikFnr);

        var bundle = await nav.GetFhirAsync<Bundle>($"/fhir/Task?patient=Patient/{fredrik}&status=cancelled,failed");

        var tasks = bundle.Resources<FhirTask>().ToList();
        var expired = tasks.Single(t => t.Status == FhirTask.TaskStatus.Cancelled);
        expired.StatusReason!.Coding.ShouldContain(c => c.Code == "Expired");
        expired.BusinessStatus!.Coding[0].Code.ShouldBe("Expired");
        var dropped = tasks.Single(t => t.Status == FhirTask.TaskStatus.Failed);
        dropped.StatusReason!.Text.ShouldBe("Ingen oppmøte på 21 dager");
        dropped.Output.Where(o => o.Type.Coding.Any(c => c.Code == "assigned-trainer")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_provider_searches_the_tasks_it_owns()
    {
        var id = await ReferAsync();
        await SendToOsloAsync(id);
        var oslo = await OsloProviderAsync();

        var owned = await _gym.GetFhirAsync<Bundle>($"/fhir/Task?owner=Organization/{oslo}&status=requested&code=http://hl7.org/fhir/CodeSystem/task-code|fulfill&_count=200");

        owned.Resources<FhirTask>().Select(t => t.Id).ShouldContain(id.ToString());
        owned.Resources<FhirTask>().ShouldAllBe(t => t.Owner!.Reference == $"Organization/{oslo}" && t.Status == FhirTask.TaskStatus.Requested);
        (await _gym.GetFhirAsync<Bundle>($"/fhir/Task?focus=ServiceRequest/{id}")).Total.ShouldBe(1);
        (await app.AsBergenGym().GetFhirAsync<Bundle>($"/fhir/Task?focus=ServiceRequest/{id}")).Total.ShouldBe(0);
        (await _gym.GetFhirAsync<Bundle>($"/fhir/Task?focus=ServiceRequest/{id}&code=other")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task A_put_must_carry_the_id_of_the_url()
    {
        var id = await ReferAsync();
        var task = await _gp.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        task.Id = Guid.NewGuid().ToString();

        (await (await _gp.PutFhirAsync($"/fhir/Task/{id}", task)).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest, "Task.id"))
            .CodeAt("Task.id").ShouldBe("fhir.task.id-mismatch");
    }

    [Fact]
    public async Task Accepting_without_a_trainer_or_to_an_unsupported_status_is_422_with_its_code()
    {
        var id = await ReferAsync();
        await SendToOsloAsync(id);
        var task = await _gym.GetFhirAsync<FhirTask>($"/fhir/Task/{id}");
        var before = (await RestViewAsync(id)).Status;

        var noTrainer = await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.Accepted)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.output");
        var onHold = await (await PutStatusAsync(_gym, task, FhirTask.TaskStatus.OnHold)).ShouldBeOutcomeAsync(HttpStatusCode.UnprocessableEntity, "Task.status");

        noTrainer.CodeAt("Task.output").ShouldBe("fhir.task.trainer-output-required");
        noTrainer.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Required);
        onHold.CodeAt("Task.status").ShouldBe("fhir.task.status-unsupported");
        onHold.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.NotSupported);
        (await RestViewAsync(id)).Status.ShouldBe(before);
    }

    private async Task<Guid> ReferAsync()
    {
        var patient = await _gp.CreatePatientAsync(TestData.NewNationalId());
        // Starting today, so the gym may start the training (not before the period begins).
        return Guid.Parse(await _gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient), start: TestData.Today)));
    }

    private static async Task<HttpResponseMessage> PutStatusAsync(HttpClient client, FhirTask current, FhirTask.TaskStatus status, Guid? trainerRole = null, string? reason = null)
    {
        var task = (FhirTask)current.DeepCopy();
        task.Status = status;
        task.StatusReason = reason is null ? null : new CodeableConcept { Text = reason };
        task.Output.Clear();
        if (trainerRole is { } role)
        {
            task.Output.Add(new FhirTask.OutputComponent
            {
                Type = new CodeableConcept(AssignedTrainer, "assigned-trainer", null),
                Value = new ResourceReference($"PractitionerRole/{role}"),
            });
        }

        return await client.PutFhirAsync($"/fhir/Task/{current.Id}", task);
    }

    private async Task SendToOsloAsync(Guid id)
    {
        var location = DemoIdentities.GrunerlokkaLocationId;
        var response = await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private Task<Guid> OsloProviderAsync() =>
        app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());

    /// <summary>Per Aktiv's role at the Oslo gym: the PractitionerRole a gym's system assigns.</summary>
    private Task<Guid> PerAktivRoleAsync() =>
        app.Services.TrainerRoleIdAsync(DemoIdentities.TrainerAktivInstruktorFnr, DemoIdentities.AktivTreningOsloOrg);

    private async Task<PrescriptionView> RestViewAsync(Guid id) =>
        (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options))!;

    private Task<int> HistoryCountAsync(Guid id) => app.QueryAsync(db => db.StatusChanges.CountAsync(s => s.PrescriptionId == id));
}
