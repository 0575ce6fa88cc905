using System.Text.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Prescriptions.Access;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Components.Inbox;

public sealed record InboxEntry(Guid Id, Guid PrescriptionId, string ParticipantName, PrescriptionEventType Type, JsonElement Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record InboxListing(IReadOnlyList<InboxEntry> Items, int Page, int PageSize, int Total, int Unread);

/// <summary>
/// The web inbox's read side over InboxMessages (written by the notifications fan-out): the caller's own messages,
/// newest first, and marking one read. Kept inside the web UI so it does not depend on the notifications module's
/// handlers; the recipient rules are the same (referrer, provider, trainer or participant by CallerRelationships).
/// </summary>
public sealed class InboxReader(AktivDbContext db, CallerRelationships relationships, AuditLog audit, TimeProvider clock)
{
    public const int PageSize = 25;

    /// <summary>Only the number for the menu badge: no message content, so no audit row on every page view.</summary>
    public async Task<int?> UnreadCountAsync(CurrentUser user, CancellationToken ct) =>
        await OwnerAsync(user, ct) is { } owner
            ? await db.InboxMessages.CountAsync(m => m.RecipientKind == owner.Kind && m.RecipientId == owner.Id && m.ReadAt == null, ct)
            : null;

    public async Task<Outcome<InboxListing>> ListAsync(CurrentUser user, int page, CancellationToken ct)
    {
        if (await OwnerAsync(user, ct) is not { } owner)
        {
            await audit.DeniedAsync(user, "Inbox", AuditAction.Search, ct);
            return Failure.Forbidden("Your role cannot read an inbox.");
        }

        page = Math.Clamp(page, 1, 100_000);
        var own = db.InboxMessages.AsNoTracking().Where(m => m.RecipientKind == owner.Kind && m.RecipientId == owner.Id);
        var total = await own.CountAsync(ct);
        var unread = await own.CountAsync(m => m.ReadAt == null, ct);
        var rows = await own.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Join(db.Prescriptions, m => m.PrescriptionId, p => p.Id, (m, p) => new { Message = m, p.ParticipantId })
            .Join(db.People, x => x.ParticipantId, person => person.Id, (x, person) => new { x.Message, x.ParticipantId, person.GivenName, person.FamilyName })
            .ToListAsync(ct);

        // Messages name prescriptions and their progress: one audit row per data subject shown.
        foreach (var subject in rows.Select(r => r.ParticipantId).Distinct())
        {
            audit.Add(user, "Inbox?search", AuditAction.Search, AuditOutcome.Success, subject);
        }

        if (rows.Count == 0)
        {
            audit.Add(user, "Inbox?search", AuditAction.Search, AuditOutcome.Success);
        }

        await audit.SaveAsync(ct);
        var items = rows.OrderByDescending(r => r.Message.CreatedAt).ThenByDescending(r => r.Message.Id)
            .Select(r => new InboxEntry(r.Message.Id, r.Message.PrescriptionId, $"{r.GivenName} {r.FamilyName}", r.Message.Type, Parse(r.Message.Data), r.Message.CreatedAt, r.Message.ReadAt))
            .ToList();
        return new InboxListing(items, page, PageSize, total, unread);
    }

    /// <summary>Marks one of the caller's messages read; the first read time stays. Anyone else's is "not found".</summary>
    public async Task<Outcome<Guid>> MarkReadAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var owner = await OwnerAsync(user, ct);
        var message = owner is null
            ? null
            : await db.InboxMessages.FirstOrDefaultAsync(m => m.Id == id && m.RecipientKind == owner.Value.Kind && m.RecipientId == owner.Value.Id, ct);
        if (message is null)
        {
            await audit.DeniedAsync(user, $"InboxMessage/{id}", $"{AuditAction.Update}:read", ct);
            return Failure.NotFound();
        }

        message.ReadAt ??= clock.GetUtcNow();
        var subject = await db.Prescriptions.AsNoTracking().Where(p => p.Id == message.PrescriptionId).Select(p => (Guid?)p.ParticipantId).FirstOrDefaultAsync(ct);
        audit.Add(user, $"InboxMessage/{id}", $"{AuditAction.Update}:read", AuditOutcome.Success, subject);
        await db.SaveChangesAsync(ct);
        return message.Id;
    }

    private async Task<(RecipientKind Kind, Guid Id)?> OwnerAsync(CurrentUser user, CancellationToken ct)
    {
        var caller = await relationships.ResolveAsync(user, ct);
        return user.Role switch
        {
            Roles.Referrer or Roles.Ehr when caller.ReferrerId is { } id => (RecipientKind.Referrer, id),
            Roles.ProviderAdmin when caller.ProviderId is { } id => (RecipientKind.Provider, id),
            Roles.Trainer when caller.TrainerId is { } id => (RecipientKind.Trainer, id),
            Roles.Participant when caller.PersonId is { } id => (RecipientKind.Participant, id),
            _ => null,
        };
    }

    private static JsonElement Parse(string data)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(data) ? "{}" : data);
        return document.RootElement.Clone();
    }
}
