using System.Text.Json;
using System.Text.Json.Serialization;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Notifications.Inbox;

/// <summary>
/// One message. <see cref="ParticipantName"/> is for the web inbox, which names whom a message is about; the API has
/// never sent it (a client has the prescription id) and keeps its shape.
/// </summary>
public sealed record InboxItem(Guid Id, Guid? PrescriptionId, Guid EventId, PrescriptionEventType Type, JsonElement Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    /// <summary>
    /// Set instead of <see cref="PrescriptionId"/> on a contract's message (<see cref="PrescriptionEventType.ContractKpiNotMet"/>);
    /// absent from a prescription's message, whose shape stays as it was.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ContractId { get; init; }

    [JsonIgnore]
    public string ParticipantName { get; init; } = string.Empty;
}

// Unread goes last on the wire, after the page fields, as it always has (a derived record's own properties come first).
public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Number, int PageSize, int Total, [property: JsonPropertyOrder(1)] int Unread)
    : Page<InboxItem>(Items, Number, PageSize, Total);

/// <summary>
/// The caller's own inbox (referrer, provider admin, trainer or participant), for the API and the web inbox alike:
/// newest first, optionally unread only. Messages name prescriptions and their progress, so each read is audited per
/// data subject.
/// </summary>
public sealed class InboxHandlers(AktivDbContext db, NotificationParties parties, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<InboxPage>> ListAsync(CurrentUser user, bool unreadOnly, PageRequest paging, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!paging.Validate(errors))
        {
            return Failure.Invalid(errors);
        }

        if (await parties.InboxOwnerAsync(user, ct) is not { } owner)
        {
            await audit.DeniedAsync(user, "Inbox", AuditAction.Search, ct);
            return Failure.Of(ApiErrorCodes.NoInbox);
        }

        var own = db.InboxMessages.AsNoTracking().Where(m => m.RecipientKind == owner.Kind && m.RecipientId == owner.Id);
        var query = unreadOnly ? own.Where(m => m.ReadAt == null) : own;
        var total = await query.CountAsync(ct);
        var unread = unreadOnly ? total : await own.CountAsync(m => m.ReadAt == null, ct);
        // Outer joins: a contract's message names no prescription, and so no person.
        var rows = await (
                from m in query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(paging.Skip).Take(paging.PageSize)
                join p in db.Prescriptions on m.PrescriptionId equals (Guid?)p.Id into prescriptions
                from p in prescriptions.DefaultIfEmpty()
                join person in db.People on p!.ParticipantId equals person.Id into people
                from person in people.DefaultIfEmpty()
                select new { Message = m, ParticipantId = person == null ? (Guid?)null : person.Id, GivenName = person == null ? null : person.GivenName, FamilyName = person == null ? null : person.FamilyName })
            .ToListAsync(ct);
        // A participant's «Aktiv på dagtid» messages name no prescription: they are about the reader herself.
        AuditRead(user, rows.Select(r => r.ParticipantId ?? AboutReader(owner, r.Message)).OfType<Guid>(), "Inbox?search", AuditAction.Search);
        await db.SaveChangesAsync(ct);

        // The joins do not promise to keep the page's order.
        var items = rows.OrderByDescending(r => r.Message.CreatedAt).ThenByDescending(r => r.Message.Id)
            .Select(r => Item(r.Message) with { ParticipantName = r.ParticipantId is null ? string.Empty : $"{r.GivenName} {r.FamilyName}" })
            .ToList();
        return new InboxPage(items, paging.Page, paging.PageSize, total, unread);
    }

    /// <summary>Only the number for the web menu's badge (null: the role has no inbox). No content, so no audit row on every page view.</summary>
    public async Task<int?> UnreadCountAsync(CurrentUser user, CancellationToken ct) =>
        await parties.InboxOwnerAsync(user, ct) is { } owner
            ? await db.InboxMessages.CountAsync(m => m.RecipientKind == owner.Kind && m.RecipientId == owner.Id && m.ReadAt == null, ct)
            : null;

    /// <summary>Marks one of the caller's messages read (idempotent: the first read time stays). Anyone else's is "not found".</summary>
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
        var subjects = await db.Prescriptions.AsNoTracking().Where(p => p.Id == message.PrescriptionId).Select(p => p.ParticipantId).ToListAsync(ct);
        if (subjects.Count == 0 && AboutReader(owner!, message) is { } self)
        {
            subjects.Add(self);
        }

        AuditRead(user, subjects, $"InboxMessage/{id}", $"{AuditAction.Update}:read");
        await db.SaveChangesAsync(ct);
        return Item(message);
    }

    private static Guid? AboutReader(NotificationParty owner, InboxMessage m) =>
        owner.Kind == RecipientKind.Participant && m.PrescriptionId is null ? owner.Id : null;

    /// <summary>One row per data subject shown; one without a subject when the page was empty.</summary>
    private void AuditRead(CurrentUser user, IEnumerable<Guid> participantIds, string resource, string action)
    {
        var subjects = participantIds.Distinct().ToList();
        if (subjects.Count == 0)
        {
            audit.Add(user, resource, action, AuditOutcome.Success);
        }

        foreach (var subject in subjects)
        {
            audit.Add(user, resource, action, AuditOutcome.Success, subject);
        }
    }

    private static InboxItem Item(InboxMessage m)
    {
        using var data = JsonDocument.Parse(string.IsNullOrWhiteSpace(m.Data) ? "{}" : m.Data);
        return new InboxItem(m.Id, m.PrescriptionId, m.EventId, m.Type, data.RootElement.Clone(), m.CreatedAt, m.ReadAt) { ContractId = m.ContractId };
    }
}
