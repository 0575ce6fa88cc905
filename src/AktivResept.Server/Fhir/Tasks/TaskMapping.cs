using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Fhir.DiagnosticReports;
using AktivResept.Server.Fhir.Observations;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;
using FhirTask = Hl7.Fhir.Model.Task;
using StatusMaps = AktivResept.Server.Fhir.Prescriptions.StatusMaps;

namespace AktivResept.Server.Fhir.Tasks;

/// <summary>
/// The fulfilment of a prescription as a Task (HL7 Physical Activity IG referral pattern): one per prescription,
/// with the same id, derived from the prescription and its history rather than stored. Its output is what the
/// fulfilment produced: the assigned trainer, the weekly adherence Observations and, once closed, the DiagnosticReport.
/// </summary>
public static class TaskMapping
{
    private static readonly PrescriptionStatus[] Endings =
        [PrescriptionStatus.Completed, PrescriptionStatus.DroppedOut, PrescriptionStatus.Cancelled, PrescriptionStatus.Rejected, PrescriptionStatus.Expired];

    public static FhirTask ToFhir(PrescriptionView v, PrescriptionFacts facts)
    {
        var task = new FhirTask
        {
            Id = v.Id.ToString(),
            Meta = new Meta { LastUpdated = LastChange(v) },
            BasedOn = [ServiceRequest(v.Id)],
            Status = StatusMaps.TaskStatusOf(v.Status),
            BusinessStatus = new CodeableConcept(FhirSystems.PrescriptionStatusSystem, v.Status.ToString(), v.Status.ToString(), v.Status.ToString()),
            StatusReason = StatusReason(v),
            Intent = FhirTask.TaskIntent.Order,
            Code = new CodeableConcept(FhirSystems.TaskCode, "fulfill", "Fulfill the focal request", null),
            Focus = ServiceRequest(v.Id),
            For = Patient(v.Participant),
            AuthoredOn = Instant(v.CreatedAt),
            LastModified = Instant(LastChange(v)),
            Requester = Requester(v.Referrer),
            Owner = v.Provider is { } provider ? Organization(provider) : null,
            Location = v.Location is { } location ? Location(location) : null,
            ExecutionPeriod = Execution(v),
        };

        if (v.Trainer is { } trainer && facts.TrainerRoleId is { } roleId)
        {
            task.Output.Add(new FhirTask.OutputComponent
            {
                Type = new CodeableConcept(FhirSystems.TaskOutputSystem, FhirSystems.AssignedTrainer, "Assigned trainer", null),
                Value = PractitionerRole(roleId, trainer.Name),
            });
        }

        if (facts.Adherence is { } adherence)
        {
            task.Output.AddRange(AdherenceObservations.References(v, adherence).Select(observation => new FhirTask.OutputComponent
            {
                Type = new CodeableConcept(FhirSystems.TaskOutputSystem, FhirSystems.AdherenceWeek, "Adherence in one week", FhirSystems.AdherenceWeek),
                Value = observation,
            }));
            if (DiagnosticReportMapping.ToFhir(v, adherence) is not null)
            {
                task.Output.Add(new FhirTask.OutputComponent
                {
                    Type = new CodeableConcept(FhirSystems.TaskOutputSystem, FhirSystems.AdherenceSummary, "Closing adherence summary", FhirSystems.AdherenceSummary),
                    Value = new ResourceReference($"DiagnosticReport/{v.Id}", "Adherence summary"),
                });
            }
        }

        return task;
    }

    /// <summary>Why the fulfilment stopped: the reason recorded with the move into the current state.</summary>
    private static CodeableConcept? StatusReason(PrescriptionView v)
    {
        if (!Endings.Contains(v.Status) || v.Status == PrescriptionStatus.Completed)
        {
            return null;
        }

        var reason = v.History.LastOrDefault(h => h.To == v.Status)?.Reason;
        return v.Status == PrescriptionStatus.Expired
            ? new CodeableConcept(FhirSystems.PrescriptionStatusSystem, nameof(PrescriptionStatus.Expired), "expired", reason ?? "expired")
            : new CodeableConcept { Text = reason ?? v.Status.ToString() };
    }

    private static Period? Execution(PrescriptionView v)
    {
        var started = v.History.FirstOrDefault(h => h.To == PrescriptionStatus.Active)?.At;
        if (started is null)
        {
            return null;
        }

        var ended = v.History.LastOrDefault(h => Endings.Contains(h.To))?.At;
        return new Period { Start = Instant(started.Value), End = ended is { } end ? Instant(end) : null };
    }
}
