using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance.Ingest;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Attendance.Reconciliation;

public sealed record PendingEventView(Guid Id, string ExternalId, string Type, DateTimeOffset OccurredAt, Guid? LocationId, string? MemberRef, string? Reason, DateTimeOffset ReceivedAt);

public sealed record LinkRequest(Guid? PrescriptionId, bool RememberMemberRef = true);

public sealed record DismissRequest(string? Reason);

/// <summary>What a resolution did: the item itself and any other pending events of the same member it also settled.</summary>
public sealed record ResolutionView(Guid Id, string State, int AlsoLinked);

/// <summary>
/// Events we could not count (unknown member reference, or no prescription on that day) wait here for the provider's
/// admin, who links them to one of the provider's prescriptions or dismisses them with a reason. Nothing is dropped.
/// </summary>
public sealed class ReconciliationQueue(AktivDbContext db, CallerRelationships relationships, MemberLinker members, AuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    public async Task<Outcome<IReadOnlyList<PendingEventView>>> PendingAsync(CurrentUser user, int page, int pageSize, CancellationToken ct)
    {
        if (await ProviderOfAsync(user, ct) is not { } providerId)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var paging = new PageRequest(page, pageSize).Clamped();
        var rows = await db.AttendanceRecords.AsNoTracking()
            .Where(a => a.ProviderId == providerId && a.Reconciliation == ReconciliationState.Pending)
            .OrderBy(a => a.ReceivedAt).ThenBy(a => a.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(ct);
        audit.Add(user, "AttendanceReconciliation", AuditAction.Search, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return rows.Select(a => new PendingEventView(a.Id, a.ExternalId, AttendanceBatchParser.WireName(a.Kind), a.OccurredAt, a.LocationId, a.MemberRef, a.ReconciliationNote, a.ReceivedAt)).ToList();
    }

    public async Task<Outcome<ResolutionView>> LinkAsync(CurrentUser user, Guid id, LinkRequest request, CancellationToken ct)
    {
        var (providerId, record) = await FindPendingAsync(user, id, ct);
        if (record is null)
        {
            await audit.DeniedAsync(user, $"Attendance/{id}", $"{AuditAction.Update}:link", ct);
            return Failure.NotFound();
        }

        if (request.PrescriptionId is not { } prescriptionId)
        {
            return Failure.Invalid("prescriptionId", ErrorCodes.Required);
        }

        var counting = AttendanceIngestor.CountingStatuses;
        var prescription = await db.Prescriptions.AsNoTracking()
            .Where(p => p.Id == prescriptionId && p.ProviderId == providerId && counting.Contains(p.Status))
            .Select(p => new { p.Id, p.ParticipantId, p.StartDate, p.DurationWeeks, p.PausedDays })
            .FirstOrDefaultAsync(ct);
        if (prescription is null)
        {
            return Failure.Invalid("prescriptionId", ApiErrorCodes.NotAcceptedHere);
        }

        var end = PrescriptionPeriod.EndOf(prescription.StartDate, prescription.DurationWeeks, prescription.PausedDays);
        var day = OsloCalendar.DateOf(record.OccurredAt);
        if (day < prescription.StartDate || day > end)
        {
            return Failure.Of(ApiErrorCodes.EventOutsidePeriod.With(("day", day), ("from", prescription.StartDate), ("to", end)), "prescriptionId");
        }

        if (request.RememberMemberRef && record.MemberRef is { } memberRef &&
            await members.LinkAsync(providerId!.Value, prescription.ParticipantId, memberRef, ct) is { } problem)
        {
            return Failure.Of(problem, "memberRef");
        }

        var now = clock.GetUtcNow();
        var settled = new List<AttendanceRecord> { record };
        if (request.RememberMemberRef && record.MemberRef is { } sameMember)
        {
            // Other waiting events of the same member on days this prescription covers are settled with it.
            var startsAt = OsloCalendar.StartOf(prescription.StartDate);
            var endsAt = OsloCalendar.StartOf(end.AddDays(1));
            settled.AddRange(await db.AttendanceRecords
                .Where(a => a.Id != record.Id && a.ProviderId == providerId && a.MemberRef == sameMember &&
                            a.Reconciliation == ReconciliationState.Pending && a.OccurredAt >= startsAt && a.OccurredAt < endsAt)
                .ToListAsync(ct));
        }

        foreach (var item in settled)
        {
            item.PrescriptionId = prescription.Id;
            item.ParticipantId = prescription.ParticipantId;
            item.Reconciliation = ReconciliationState.Linked;
            item.ResolvedAt = now;
            item.ResolvedBy = user.Subject;
        }

        await AdherenceDirtyMarks.MarkAsync(db, [prescription.Id], ct);
        audit.Add(user, $"Attendance/{id}", $"{AuditAction.Update}:link", AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(ct);
        return new ResolutionView(record.Id, nameof(ReconciliationState.Linked), settled.Count - 1);
    }

    public async Task<Outcome<ResolutionView>> DismissAsync(CurrentUser user, Guid id, DismissRequest request, CancellationToken ct)
    {
        var (_, record) = await FindPendingAsync(user, id, ct);
        if (record is null)
        {
            await audit.DeniedAsync(user, $"Attendance/{id}", $"{AuditAction.Update}:dismiss", ct);
            return Failure.NotFound();
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return Failure.Invalid("reason", ErrorCodes.RequiredMaxLength.With(("max", MaxReasonLength)));
        }

        record.Reconciliation = ReconciliationState.Dismissed;
        record.ReconciliationNote = reason;
        record.ResolvedAt = clock.GetUtcNow();
        record.ResolvedBy = user.Subject;
        audit.Add(user, $"Attendance/{id}", $"{AuditAction.Update}:dismiss", AuditOutcome.Success, record.ParticipantId);
        await db.SaveChangesAsync(ct);
        return new ResolutionView(record.Id, nameof(ReconciliationState.Dismissed), 0);
    }

    /// <summary>The pending item, only if it belongs to the caller's provider: anything else looks unknown.</summary>
    private async Task<(Guid? ProviderId, AttendanceRecord? Record)> FindPendingAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var providerId = await ProviderOfAsync(user, ct);
        if (providerId is null)
        {
            return (null, null);
        }

        var record = await db.AttendanceRecords.FirstOrDefaultAsync(a => a.Id == id && a.ProviderId == providerId && a.Reconciliation == ReconciliationState.Pending, ct);
        return (providerId, record);
    }

    private async Task<Guid?> ProviderOfAsync(CurrentUser user, CancellationToken ct) =>
        user.Role == Roles.ProviderAdmin ? (await relationships.ResolveAsync(user, ct)).ProviderId : null;
}
