using System.Text.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Notifications.Inbox;

public sealed record InboxItem(Guid Id, Guid PrescriptionId, Guid EventId, PrescriptionEventType Type, JsonElement Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Page, int PageSize, int Total, int Unread);

/// <summary>
/// The caller's own inbox (referrer, provider admin, trainer or participant): newest first, optionally unread only.
/// Messages name prescriptions and their progress, so each read is audited per data subject.
/// </summary>
public sealed class InboxHandlers(AktivDbContext db, NotificationParties parties, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<InboxPage>> ListAsync(CurrentUser user, bool unreadOnly, int page, int pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (page is < 1 or > 100_000)
        {
            errors.Add("page", "must be between 1 and 100000.");
        }

        if (pageSize is < 1 or > 200)
        {
            errors.Add("pageSize", "must be between 1 and 200.");
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await parties.InboxOwnerAsync(user, ct) is not { } owner)
        {
            await audit.DeniedAsync(user, "Inbox", AuditAction.Search, ct);
            return Failure.Forbidden("Your role has no inbox.");
        }

        var own = db.InboxMessages.AsNoTracking().Where(m => m.RecipientKind == owner.Kind && m.RecipientId == owner.Id);
        var query = unreadOnly ? own.Where(m => m.ReadAt == null) : own;
        var total = await query.CountAsync(ct);
        var unread = unreadOnly ? total : await own.CountAsync(m => m.ReadAt == null, ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        await AuditReadAsync(user, rows.Select(r => r.PrescriptionId), "Inbox?search", AuditAction.Search, ct);
        return new InboxPage([.. rows.Select(Item)], page, pageSize, total, unread);
    }

    /// <summary>Marks one of the caller's messages read (idempotent: the first read time stays).</summary>
    public async Task<Outcome<InboxItem>> MarkReadAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var owner = await parties.InboxOwnerAsync(user, ct);
        var message = owner is null
            ? null
            : await db.InboxMessages.FirstOrDefaultAsync(m => m.Id == id && m.RecipientKind == owner.Kind && m.RecipientId == owner.Id, ct);
        if (message is null)
        {
            await audit.DeniedAsync(user, $"InboxMessage/{id}", $"{AuditAction.Update}:read", ct);
            return Failure.NotFound();
        }

        message.ReadAt ??= clock.GetUtcNow();
        await AuditReadAsync(user, [message.PrescriptionId], $"InboxMessage/{id}", $"{AuditAction.Update}:read", ct);
        return Item(message);
    }

    private async Task AuditReadAsync(CurrentUser user, IEnumerable<Guid> prescriptionIds, string resource, string action, CancellationToken ct)
    {
        var ids = prescriptionIds.Distinct().ToList();
        var subjects = await db.Prescriptions.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.ParticipantId).Distinct().ToListAsync(ct);
        if (subjects.Count == 0)
        {
            audit.Add(user, resource, action, AuditOutcome.Success);
        }

        foreach (var subject in subjects)
        {
            audit.Add(user, resource, action, AuditOutcome.Success, subject);
        }

        await db.SaveChangesAsync(ct);
    }

    private static InboxItem Item(InboxMessage m)
    {
        using var data = JsonDocument.Parse(m.Data);
        return new InboxItem(m.Id, m.PrescriptionId, m.EventId, m.Type, data.RootElement.Clone(), m.CreatedAt, m.ReadAt);
    }
}
