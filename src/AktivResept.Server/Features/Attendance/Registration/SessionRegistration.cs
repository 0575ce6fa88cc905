using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance.Ingest;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Attendance.Registration;

/// <summary>A trainer's record of a PT session or group class. <see cref="Id"/> is the client's own id, for safe retries.</summary>
/// <summary><c>service</c> (optional, PT sessions only): <c>diet-guidance</c> or <c>initial-assessment</c> bills the session as that service.</summary>
public sealed record RegisterSessionRequest(string? Id, string? Type, DateTimeOffset? OccurredAt, bool? Attended, int? DurationMinutes, Guid? LocationId, string? Service = null);

public sealed record SessionView(Guid Id, string ExternalId, string Type, bool Attended, DateTimeOffset OccurredAt, int? DurationMinutes, string Source, string State);

/// <summary>Whether a registration was new (201) or a retry of one already recorded (200).</summary>
public sealed record Registered(SessionView Session, bool Created);

/// <summary>
/// Trainers (and their provider's admin) record sessions for their own participants; the same read side lets everyone
/// who may see a prescription see its sessions and adherence, each read audited.
/// </summary>
public sealed class SessionRegistration(
    AktivDbContext db,
    PrescriptionScope scope,
    CallerRelationships relationships,
    AdherenceReader adherence,
    AuditLog audit,
    TimeProvider clock)
{
    private static readonly string[] Registrars = [Roles.Trainer, Roles.ProviderAdmin];

    public async Task<Outcome<Registered>> RegisterAsync(CurrentUser user, Guid prescriptionId, RegisterSessionRequest request, CancellationToken ct)
    {
        var resource = $"Prescription/{prescriptionId}/sessions";
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Create, ct);
            return Failure.NotFound();
        }

        var caller = await relationships.ResolveAsync(user, ct);
        if (!user.Is(Registrars) || (user.Role == Roles.Trainer && caller.TrainerId != prescription.TrainerId))
        {
            await audit.DeniedAsync(user, resource, AuditAction.Create, ct);
            return Failure.Of(ApiErrorCodes.TrainerOrAdminOnly);
        }

        var errors = Validate(request, prescription, clock.GetUtcNow(), out var kind);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (!AttendanceIngestor.CountingStatuses.Contains(prescription.Status))
        {
            return Failure.Of(ApiErrorCodes.SessionsNeedAccepted.With(("status", prescription.Status)), "status");
        }

        if (prescription.DoseToBeSet)
        {
            // Adherence and claims count against the dose, so nothing is recorded before the initial assessment sets it.
            return Failure.Of(ErrorCodes.DoseNotSet, "dose");
        }

        var sourceId = caller.TrainerId ?? caller.ProviderId!.Value;
        var externalId = string.IsNullOrWhiteSpace(request.Id) ? Guid.CreateVersion7().ToString() : request.Id.Trim();
        var existing = await db.AttendanceRecords.AsNoTracking().FirstOrDefaultAsync(a => a.SourceId == sourceId && a.ExternalId == externalId, ct);
        if (existing is not null)
        {
            return existing.PrescriptionId == prescription.Id
                ? new Registered(View(existing), Created: false)
                : Failure.Of(ApiErrorCodes.SessionIdTaken, "id");
        }

        var record = new AttendanceRecord
        {
            ProviderId = prescription.ProviderId!.Value,
            Source = AttendanceSource.Trainer,
            SourceId = sourceId,
            ExternalId = externalId,
            Kind = request.Attended == false ? AttendanceKind.NoShow : kind,
            OccurredAt = request.OccurredAt!.Value.ToUniversalTime(),
            LocationId = request.LocationId ?? prescription.LocationId,
            ParticipantId = prescription.ParticipantId,
            PrescriptionId = prescription.Id,
            TrainerId = caller.TrainerId ?? prescription.TrainerId,
            DurationMinutes = request.DurationMinutes,
            Service = BilledAs(request.Service),
            ReceivedAt = clock.GetUtcNow(),
            Reconciliation = ReconciliationState.Matched,
        };
        db.AttendanceRecords.Add(record);
        await AdherenceDirtyMarks.MarkAsync(db, [prescription.Id], ct);
        audit.Add(user, resource, AuditAction.Create, AuditOutcome.Success, prescription.ParticipantId);
        var saved = await SaveUniqueAsync(ct);
        return saved ? new Registered(View(record), Created: true) : Failure.Of(ApiErrorCodes.SessionIdRace, "id");
    }

    public async Task<Outcome<IReadOnlyList<SessionView>>> ListAsync(CurrentUser user, Guid prescriptionId, CancellationToken ct)
    {
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, $"Prescription/{prescriptionId}/sessions", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var rows = await db.AttendanceRecords.AsNoTracking()
            .Where(a => a.PrescriptionId == prescriptionId && (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked))
            .OrderBy(a => a.OccurredAt)
            .ToListAsync(ct);
        audit.Add(user, $"Prescription/{prescriptionId}/sessions", AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await audit.SaveAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<Outcome<AdherenceReport>> AdherenceAsync(CurrentUser user, Guid prescriptionId, CancellationToken ct)
    {
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, $"Prescription/{prescriptionId}/adherence", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var report = await adherence.ReportAsync(prescription, ct);
        audit.Add(user, $"Prescription/{prescriptionId}/adherence", AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await audit.SaveAsync(ct);
        return report;
    }

    private static ValidationErrors Validate(RegisterSessionRequest request, Prescription prescription, DateTimeOffset now, out AttendanceKind kind)
    {
        var errors = new ValidationErrors();
        kind = AttendanceKind.PtSession;
        if (request.Id is { Length: > AttendanceBatchParser.MaxIdLength })
        {
            errors.Add("id", ErrorCodes.MaxLength.With(("max", AttendanceBatchParser.MaxIdLength)));
        }

        if (!AttendanceBatchParser.TryParseKind(request.Type, out kind) || kind is not (AttendanceKind.PtSession or AttendanceKind.ClassAttendance))
        {
            errors.Add("type", ApiErrorCodes.SessionType);
        }

        if (request.OccurredAt is not { } at)
        {
            errors.Add("occurredAt", ErrorCodes.Required);
        }
        else if (at > now.AddMinutes(5))
        {
            errors.Add("occurredAt", ErrorCodes.NotInFuture);
        }
        else if (OsloCalendar.DateOf(at) is var day && (day < prescription.StartDate || day > prescription.EndDate))
        {
            errors.Add("occurredAt", ErrorCodes.WithinPeriod.With(("from", prescription.StartDate), ("to", prescription.EndDate)));
        }

        if (request.DurationMinutes is { } minutes && minutes is <= 0 or > AttendanceBatchParser.MaxDurationMinutes)
        {
            errors.Add("durationMinutes", ErrorCodes.Between.With(("min", 1), ("max", AttendanceBatchParser.MaxDurationMinutes)));
        }

        if (request.Service is { Length: > 0 } && (BilledAs(request.Service) is null || kind != AttendanceKind.PtSession))
        {
            errors.Add("service", ApiErrorCodes.SessionService);
        }

        return errors;
    }

    private static ServiceType? BilledAs(string? service) => service?.Trim().ToLowerInvariant() switch
    {
        "diet-guidance" => ServiceType.DietGuidance,
        "initial-assessment" => ServiceType.InitialAssessment,
        _ => null,
    };

    private async Task<bool> SaveUniqueAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException?.Message.Contains("IX_AttendanceRecords_SourceId_ExternalId", StringComparison.Ordinal) == true ||
                                          e.InnerException?.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal) == true)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static SessionView View(AttendanceRecord a) =>
        new(a.Id, a.ExternalId, AttendanceBatchParser.WireName(a.Kind), a.Kind != AttendanceKind.NoShow, a.OccurredAt, a.DurationMinutes, a.Source.ToString(), a.Reconciliation.ToString());
}
