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

/// <summary><paramref name="Correctable"/>: registered by a trainer, still counted and on no claim, so it may be edited or withdrawn.</summary>
public sealed record SessionView(Guid Id, string ExternalId, string Type, bool Attended, DateTimeOffset OccurredAt, int? DurationMinutes, string Source, string State, bool Correctable = false);

/// <summary>
/// Whether a registration was new (201) or a retry of one already recorded (200); <paramref name="OtherSessionsThatDay"/>
/// counts the participant's other attended sessions that Oslo day: only one a day counts (docs/sessions.md), so a
/// client warns when it is above zero.
/// </summary>
public sealed record Registered(SessionView Session, bool Created, int OtherSessionsThatDay = 0);

/// <summary>A trainer's correction of a session: the new values (any left out keep the old) and why.</summary>
public sealed record CorrectSessionRequest(string? Type, DateTimeOffset? OccurredAt, bool? Attended, int? DurationMinutes, string? Reason);

/// <summary>Withdrawing a session registered by mistake: why.</summary>
public sealed record WithdrawSessionRequest(string? Reason);

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
    public const int MaxReasonLength = 1000;

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
        // The event id's key, not the row: a retry may carry another date, in another month's partition.
        var existing = await db.AttendanceEventKeys.AsNoTracking()
            .Where(k => k.SourceId == sourceId && k.ExternalId == externalId)
            .Join(db.AttendanceRecords.AsNoTracking(), k => k.AttendanceRecordId, a => a.Id, (k, a) => a)
            .FirstOrDefaultAsync(ct);
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
        var sameDay = record.Kind == AttendanceKind.NoShow ? 0 : await OtherSessionsOnDayAsync(prescription.Id, record.OccurredAt, null, ct);
        db.AttendanceRecords.Add(record);
        await AdherenceDirtyMarks.MarkAsync(db, [prescription.Id], ct);
        audit.Add(user, resource, AuditAction.Create, AuditOutcome.Success, prescription.ParticipantId);
        var saved = await SaveUniqueAsync(ct);
        return saved ? new Registered(View(record) with { Correctable = true }, Created: true, sameDay) : Failure.Of(ApiErrorCodes.SessionIdRace, "id");
    }

    /// <summary>The participant's other attended, counted sessions on the Oslo day of <paramref name="at"/> for this prescription.</summary>
    public async Task<int> OtherSessionsOnDayAsync(Guid prescriptionId, DateTimeOffset at, Guid? except, CancellationToken ct)
    {
        var day = OsloCalendar.DateOf(at);
        var (from, to) = (OsloCalendar.StartOf(day), OsloCalendar.StartOf(day.AddDays(1)));
        return await db.AttendanceRecords.AsNoTracking()
            .CountAsync(a => a.PrescriptionId == prescriptionId && a.OccurredAt >= from && a.OccurredAt < to && a.Kind != AttendanceKind.NoShow &&
                             (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked) &&
                             (except == null || a.Id != except), ct);
    }

    /// <summary>
    /// Edits a trainer-registered session that is on no claim yet, with a reason; the old and new values are kept
    /// (<see cref="SessionCorrection"/>) and the change audited. Once claimed, the answer is a credit on the claim.
    /// </summary>
    public async Task<Outcome<Registered>> CorrectAsync(CurrentUser user, Guid prescriptionId, Guid sessionId, CorrectSessionRequest request, CancellationToken ct)
    {
        if (await FindCorrectableAsync(user, prescriptionId, sessionId, AuditAction.Update, ct) is not { } found)
        {
            return Failure.NotFound();
        }

        var (prescription, record) = found;
        var type = request.Type ?? AttendanceBatchParser.WireName(record.Kind == AttendanceKind.NoShow ? AttendanceKind.PtSession : record.Kind);
        var merged = new RegisterSessionRequest(null, type, request.OccurredAt ?? record.OccurredAt, request.Attended ?? record.Kind != AttendanceKind.NoShow,
            request.DurationMinutes ?? record.DurationMinutes, null);
        var errors = Validate(merged, prescription, clock.GetUtcNow(), out var kind);
        CheckReason(request.Reason, errors);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await ClaimedAsync(record.Id, ct))
        {
            return Failure.Of(ApiErrorCodes.SessionClaimed);
        }

        var correction = Correction(user, record, request.Reason!);
        record.Kind = merged.Attended == false ? AttendanceKind.NoShow : kind;
        record.OccurredAt = merged.OccurredAt!.Value.ToUniversalTime();
        record.DurationMinutes = merged.DurationMinutes;
        (correction.KindAfter, correction.OccurredAtAfter, correction.DurationAfter) = (record.Kind, record.OccurredAt, record.DurationMinutes);
        db.SessionCorrections.Add(correction);
        await AdherenceDirtyMarks.MarkAsync(db, [prescription.Id], ct);
        audit.Add(user, $"Prescription/{prescriptionId}/sessions/{sessionId}", AuditAction.Update, AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(ct);
        var sameDay = record.Kind == AttendanceKind.NoShow ? 0 : await OtherSessionsOnDayAsync(prescription.Id, record.OccurredAt, record.Id, ct);
        return new Registered(View(record) with { Correctable = true }, Created: false, sameDay);
    }

    /// <summary>Withdraws a trainer-registered session that is on no claim yet: kept, never counted again, with the reason.</summary>
    public async Task<Outcome<SessionView>> WithdrawAsync(CurrentUser user, Guid prescriptionId, Guid sessionId, WithdrawSessionRequest request, CancellationToken ct)
    {
        if (await FindCorrectableAsync(user, prescriptionId, sessionId, AuditAction.Delete, ct) is not { } found)
        {
            return Failure.NotFound();
        }

        var (prescription, record) = found;
        var errors = new ValidationErrors();
        CheckReason(request.Reason, errors);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await ClaimedAsync(record.Id, ct))
        {
            return Failure.Of(ApiErrorCodes.SessionClaimed);
        }

        var correction = Correction(user, record, request.Reason!);
        correction.Withdrawn = true;
        record.Reconciliation = ReconciliationState.Withdrawn;
        record.ReconciliationNote = correction.Reason;
        record.ResolvedAt = correction.At;
        record.ResolvedBy = user.Subject;
        db.SessionCorrections.Add(correction);
        await AdherenceDirtyMarks.MarkAsync(db, [prescription.Id], ct);
        audit.Add(user, $"Prescription/{prescriptionId}/sessions/{sessionId}", AuditAction.Delete, AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(ct);
        return View(record);
    }

    private async Task<(Prescription Prescription, AttendanceRecord Record)?> FindCorrectableAsync(CurrentUser user, Guid prescriptionId, Guid sessionId, string action, CancellationToken ct)
    {
        var resource = $"Prescription/{prescriptionId}/sessions/{sessionId}";
        var prescription = await scope.FindVisibleAsync(user, prescriptionId, ct);
        var caller = prescription is null ? null : await relationships.ResolveAsync(user, ct);
        var record = prescription is null || !user.Is(Registrars) || (user.Role == Roles.Trainer && caller!.TrainerId != prescription.TrainerId)
            ? null
            : await db.AttendanceRecords.FirstOrDefaultAsync(a => a.Id == sessionId && a.PrescriptionId == prescriptionId && a.Source == AttendanceSource.Trainer &&
                                                                  (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked), ct);
        if (record is null)
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return null;
        }

        return (prescription!, record);
    }

    private Task<bool> ClaimedAsync(Guid sessionId, CancellationToken ct) => db.ClaimLines.AnyAsync(l => l.SessionId == sessionId, ct);

    private SessionCorrection Correction(CurrentUser user, AttendanceRecord record, string reason) => new()
    {
        AttendanceRecordId = record.Id,
        PrescriptionId = record.PrescriptionId!.Value,
        KindBefore = record.Kind,
        OccurredAtBefore = record.OccurredAt,
        DurationBefore = record.DurationMinutes,
        Reason = reason.Trim(),
        By = user.Subject,
        At = clock.GetUtcNow(),
    };

    private static void CheckReason(string? reason, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            errors.Add("reason", ApiErrorCodes.CorrectionReason.With(("max", MaxReasonLength)));
        }
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
        var ids = rows.Select(r => r.Id).ToList();
        var claimed = (await db.ClaimLines.AsNoTracking().Where(l => l.PrescriptionId == prescriptionId && l.SessionId != null).Select(l => l.SessionId!.Value).ToListAsync(ct)).ToHashSet();
        var registrar = user.Is(Registrars);
        audit.Add(user, $"Prescription/{prescriptionId}/sessions", AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await audit.SaveAsync(ct);
        return rows.Select(r => View(r) with { Correctable = registrar && r.Source == AttendanceSource.Trainer && !claimed.Contains(r.Id) }).ToList();
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
        catch (DbUpdateException e) when (AttendanceEventIds.IsTaken(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static SessionView View(AttendanceRecord a) =>
        new(a.Id, a.ExternalId, AttendanceBatchParser.WireName(a.Kind), a.Kind != AttendanceKind.NoShow, a.OccurredAt, a.DurationMinutes, a.Source.ToString(), a.Reconciliation.ToString());
}
