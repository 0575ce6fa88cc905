using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;
using FhirTask = Hl7.Fhir.Model.Task;

namespace AktivResept.Server.Fhir.Tasks;

public static class TaskEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "Task",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.Vread, TypeRestfulInteraction.HistoryInstance, TypeRestfulInteraction.Update, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("focus", SearchParamType.Reference, "ServiceRequest/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/Task-focus" },
            new FhirSearchParam("owner", SearchParamType.Reference, "Organization/{id}: the provider the prescription was sent to.") { Definition = "http://hl7.org/fhir/SearchParameter/Task-owner" },
            new FhirSearchParam("patient", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/Task-patient" },
            new FhirSearchParam("status", SearchParamType.Token, "draft | requested | accepted | rejected | in-progress | completed | cancelled | failed; comma for OR.") { Definition = "http://hl7.org/fhir/SearchParameter/Task-status" },
            new FhirSearchParam("code", SearchParamType.Token, $"{FhirSystems.TaskCode}|fulfill (every Task here).") { Definition = "http://hl7.org/fhir/SearchParameter/Task-code" },
        ],
        "The fulfilment of each prescription (HL7 Physical Activity IG referral pattern); the Task id is the ServiceRequest " +
        "id. Status: Draft→draft, Issued→requested (owner = the provider once sent), Accepted→accepted, Active→in-progress, " +
        "Completed→completed, Rejected→rejected, Cancelled→cancelled, Expired→cancelled (statusReason expired), " +
        "DroppedOut→failed (statusReason the recorded reason); businessStatus carries the precise state. output: the assigned " +
        $"trainer, each weekly adherence Observation ({FhirSystems.AdherenceWeek}) and, once closed, the DiagnosticReport " +
        $"({FhirSystems.AdherenceSummary}). Update (PUT) changes status only: accepted (provider, " +
        $"naming the trainer in output {FhirSystems.TaskOutputSystem}|{FhirSystems.AssignedTrainer} → PractitionerRole/{{id}}), " +
        "rejected (provider, statusReason.text), in-progress, completed, failed (provider or trainer), cancelled " +
        "(referrer, statusReason.text), requested (referrer: issue a draft). A change the lifecycle does not allow is 422. " +
        "If-Match: W/\"<versionId>\" makes the update conditional on the version read (412 when another change came first).")
    {
        Sorts = ["authored-on", "_lastUpdated"],
        Versioned = true,
    };

    /// <summary>Shared with UpdateTask, which answers with the Task as a read would show it.</summary>
    public static readonly PrescriptionResource Mapping = new("Task", TaskMapping.ToFhir, ShowsAdherence: true);

    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Task/{id:guid}", (Guid id, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            resources.ReadAsync(me.Caller(), id, Mapping, ct));
        fhir.MapGet("/Task/{id:guid}/_history", (Guid id, HttpRequest request, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            resources.HistoryAsync(me.Caller(), request, id, Mapping, ct));
        fhir.MapGet("/Task/{id:guid}/_history/{versionId}", (Guid id, string versionId, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            resources.VersionAsync(me.Caller(), id, versionId, Mapping, ct));
        fhir.MapSearch(fhir.MapGet("/Task", SearchAsync), fhir.MapPost("/Task" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        fhir.MapPut("/Task/{id:guid}", async (Guid id, HttpRequest request, ICurrentUserAccessor me, UpdateTask handler, CancellationToken ct) =>
        {
            var input = await FhirJson.ReadAsync<FhirTask>(request, ct);
            return input.Error ?? await handler.HandleAsync(me.Caller(), id, input.Resource!, request.Headers.IfMatch.ToString(), ct);
        });
        return fhir;
    }

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
        resources.SearchAsync(me.Caller(), request, Capability, TaskFilter.Apply, Mapping, ct);
}
