using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Features.Prescriptions.Transitions;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Microsoft.EntityFrameworkCore;
using static Hl7.Fhir.Model.OperationOutcome;
using Error = AktivResept.Domain.Errors.Error;
using FhirTask = Hl7.Fhir.Model.Task;
using TaskStatus = Hl7.Fhir.Model.Task.TaskStatus;

namespace AktivResept.Server.Fhir.Tasks;

/// <summary>
/// <c>PUT /fhir/Task/{id}</c>: a status change becomes the matching lifecycle step in PrescriptionTransitions, which
/// checks scope (404), role (403) and the lifecycle graph (422) and records who, when and why. Only status,
/// statusReason and (to accept) output are read; the rest of the Task is derived and ignored.
/// </summary>
public sealed class UpdateTask(PrescriptionTransitions transitions, PrescriptionQueries queries, PrescriptionResources resources, AktivDbContext db, AuditLog audit)
{
    /// <param name="ifMatch">The If-Match header, empty when none: then the update applies to whatever version is current.</param>
    public async Task<FhirResult> HandleAsync(CurrentUser user, Guid id, FhirTask task, string ifMatch, CancellationToken ct)
    {
        if (task.Id != id.ToString())
        {
            return FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.Invalid, FhirErrorCodes.TaskIdMismatch, "Task.id");
        }

        var current = await queries.FindVisibleAsync(user, id, ct);
        if (current is null)
        {
            await audit.DeniedAsync(user, $"Prescription/{id}", $"{AuditAction.Update}:task", ct);
            return FhirResult.NotFound();
        }

        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return await ApplyAsync(user, id, task, current, ct);
        }

        // The version a client read is the saved token + 1 (PrescriptionVersioning); a stale one changes nothing.
        if (PrescriptionVersionLookup.ParseETag(ifMatch) is not { } given)
        {
            return FhirResult.Error(StatusCodes.Status400BadRequest, IssueType.Invalid, FhirErrorCodes.VersionIfMatchFormat);
        }

        if (given != current.Version + 1)
        {
            return await StaleAsync(user, id, given, current, ct);
        }

        // Check and change are one: a no-op conditional UPDATE on the version takes the row's write lock for the
        // transaction, so a second update naming the same version waits for it, then finds the version moved on.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var held = await db.Prescriptions.Where(p => p.Id == id && p.Version == current.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version), ct);
        if (held == 0)
        {
            await transaction.RollbackAsync(ct);
            return await StaleAsync(user, id, given, current, ct);
        }

        // What the transitions save (the change and its audit) commits with the lock; a refusal saves nothing of the change.
        var result = await ApplyAsync(user, id, task, current, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    private async Task<FhirResult> StaleAsync(CurrentUser user, Guid id, int given, Prescription current, CancellationToken ct)
    {
        var saved = await db.Prescriptions.AsNoTracking().Where(p => p.Id == id).Select(p => (int?)p.Version).SingleOrDefaultAsync(ct) ?? current.Version;
        audit.Add(user, $"Prescription/{id}", $"{AuditAction.Update}:task", AuditOutcome.Denied, current.ParticipantId);
        await audit.SaveAsync(ct);
        return FhirResult.Error(StatusCodes.Status412PreconditionFailed, IssueType.Conflict,
            FhirErrorCodes.VersionMismatch.With(("given", given), ("type", "Task"), ("id", id), ("current", saved + 1)));
    }

    private async Task<FhirResult> ApplyAsync(CurrentUser user, Guid id, FhirTask task, Prescription current, CancellationToken ct)
    {
        var target = task.Status!.Value;
        var from = StatusMaps.TaskStatusOf(current.Status);
        var (dose, doseProblem) = DoseIn(task);
        if (doseProblem is not null)
        {
            return FhirResult.Error(StatusCodes.Status422UnprocessableEntity, doseProblem, "Task.output");
        }

        if (dose is { } chosen && !current.DoseToBeSet && (chosen.Sessions != current.SessionsPerWeek || chosen.Minutes != current.MinutesPerSession))
        {
            return FhirResult.Error(StatusCodes.Status422UnprocessableEntity, ErrorCodes.DoseAlreadySet, "Task.output");
        }

        // The dose chosen at the initial assessment: with the acceptance when accepting, else on its own first.
        var setDose = dose is not null && current.DoseToBeSet;
        if (setDose && !(target == TaskStatus.Accepted && from != target))
        {
            var dosed = await transitions.SetDoseAsync(user, id, new DoseRequest(dose!.Value.Sessions, dose.Value.Minutes), ct);
            if (!dosed.Succeeded || target == from)
            {
                return await AnswerAsync(dosed, null, ct);
            }
        }

        if (target == from)
        {
            return await resources.ReadAsync(user, id, TaskEndpoints.Mapping, ct);
        }

        var reason = task.StatusReason?.Text ?? task.StatusReason?.Coding.Select(c => c.Display ?? c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        Outcome<PrescriptionView> outcome;
        switch (target)
        {
            case TaskStatus.Requested when current.Status == PrescriptionStatus.Draft:
                // An EHR has no box to tick: a partial cover is issued and reads on the prescription (docs/fhir.md).
                outcome = await transitions.IssueDraftAsync(user, id, partialCoverAcknowledged: true, ct);
                break;
            case TaskStatus.Accepted:
                return await AcceptAsync(user, id, task, setDose ? dose : null, ct);
            case TaskStatus.Rejected or TaskStatus.Cancelled when string.IsNullOrWhiteSpace(reason):
                return FhirResult.Errors(StatusCodes.Status422UnprocessableEntity, [OperationOutcomes.Issue(
                    ErrorCodes.ReasonRequired.With(("to", target == TaskStatus.Rejected ? PrescriptionStatus.Rejected : PrescriptionStatus.Cancelled)),
                    "Task.statusReason")]);
            case TaskStatus.Rejected:
                outcome = await transitions.RejectAsync(user, id, new ReasonRequest(reason), ct);
                break;
            case TaskStatus.Cancelled:
                outcome = await transitions.CancelAsync(user, id, new ReasonRequest(reason), ct);
                break;
            case TaskStatus.InProgress:
                outcome = await transitions.StartAsync(user, id, ct);
                break;
            case TaskStatus.Completed:
                outcome = await transitions.CompleteAsync(user, id, ct);
                break;
            case TaskStatus.Failed:
                outcome = await transitions.DropOutAsync(user, id, new ReasonRequest(reason), ct);
                break;
            case TaskStatus.Draft or TaskStatus.Requested:
                return FhirResult.Error(StatusCodes.Status422UnprocessableEntity,
                    FhirErrorCodes.TaskStatusBackwards.With(("status", current.Status), ("target", target.GetLiteral())), "Task.status");
            default:
                return FhirResult.Error(StatusCodes.Status422UnprocessableEntity, IssueType.NotSupported, FhirErrorCodes.TaskStatusUnsupported, "Task.status");
        }

        return await AnswerAsync(outcome, null, ct);
    }

    private async Task<FhirResult> AcceptAsync(CurrentUser user, Guid id, FhirTask task, (int Sessions, int Minutes)? dose, CancellationToken ct)
    {
        var (trainerId, problem) = await TrainerNamedInAsync(user, task, ct);
        var outcome = await transitions.AcceptAsync(user, id, new AcceptRequest(trainerId, null, dose?.Sessions, dose?.Minutes), ct);
        return await AnswerAsync(outcome, problem, ct);
    }

    /// <summary>
    /// The dose in an output of type task-output|dose: valueTiming.repeat with frequency sessions per period 1 wk and
    /// duration minutes (min). No such output: null.
    /// </summary>
    private static ((int Sessions, int Minutes)? Dose, Error? Problem) DoseIn(FhirTask task)
    {
        var output = task.Output.FirstOrDefault(o => o.Type?.Coding.Any(c => c.System == FhirSystems.TaskOutputSystem && c.Code == FhirSystems.DoseOutput) == true);
        if (output is null)
        {
            return (null, null);
        }

        if (output.Value is Timing { Repeat: { Frequency: { } frequency, Period: 1, PeriodUnit: Timing.UnitsOfTime.Wk, Duration: { } minutes, DurationUnit: Timing.UnitsOfTime.Min } }
            && minutes == decimal.Truncate(minutes) && minutes is > 0 and < 10_000)
        {
            return ((frequency, (int)minutes), null);
        }

        return (null, FhirErrorCodes.DoseOutput.With(("system", FhirSystems.TaskOutputSystem)));
    }

    /// <summary>The trainer is named by the PractitionerRole (a role at the caller's organisation) in Task.output.</summary>
    private async Task<(Guid? TrainerId, Error? Problem)> TrainerNamedInAsync(CurrentUser user, FhirTask task, CancellationToken ct)
    {
        var reference = task.Output.Select(o => o.Value).OfType<ResourceReference>()
            .FirstOrDefault(r => r.Reference?.Contains("PractitionerRole/", StringComparison.Ordinal) == true);
        if (reference is null)
        {
            return (null, FhirErrorCodes.TrainerOutputRequired.With(("system", FhirSystems.TaskOutputSystem), ("code", FhirSystems.AssignedTrainer)));
        }

        var roleId = FhirReferences.IdOf(reference.Reference, "PractitionerRole");
        var role = roleId is { } rid ? await db.TrainerRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, ct) : null;
        return role is not null && role.OrganisationNumber == user.Organisation?.Value
            ? (role.TrainerId, null)
            : (null, FhirErrorCodes.TrainerRoleNotHere.With(("reference", reference.Reference ?? string.Empty)));
    }

    private async Task<FhirResult> AnswerAsync(Outcome<PrescriptionView> outcome, Error? outputProblem, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            return FhirResult.Ok((await resources.MapAsync(outcome.Value!, TaskEndpoints.Mapping, ct))!);
        }

        if (outcome.Kind == OutcomeKind.Invalid && outputProblem is not null)
        {
            return FhirResult.Error(StatusCodes.Status422UnprocessableEntity, outputProblem, "Task.output");
        }

        return FhirOutcomes.Failure(outcome, field => field switch
        {
            "trainerId" or "sessionsPerWeek" or "minutesPerSession" => "Task.output",
            "reason" => "Task.statusReason",
            null or "status" => "Task.status",
            _ => "Task",
        });
    }
}
