using System.Text.Json;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications.Messaging;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Notifications;

/// <summary>
/// One message for one reader's inbox. <see cref="Data"/> is the facts as web JSON (the records in
/// <c>PrescriptionEventData.cs</c> and <c>SessionNoticeData.cs</c>); the web inbox words them in the reader's language
/// and links from its <see cref="Type"/> (<c>Components/Inbox/InboxText</c>). <see cref="Nudge"/>, when set, is the
/// channel for the "you have a new message" e-mail/SMS, which never carries any of the facts.
/// </summary>
public sealed record InboxNotice(RecipientKind RecipientKind, Guid RecipientId, PrescriptionEventType Type, string Data)
{
    /// <summary>What it is about, for the inbox's uniqueness (one message per event and reader); a fresh id by default.</summary>
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    public Guid? PrescriptionId { get; init; }

    public Guid? ContractId { get; init; }

    /// <summary>When it happened (the inbox lists by it); now when not given.</summary>
    public DateTimeOffset? At { get; init; }

    public MessageChannel? Nudge { get; init; }

    /// <summary>A notice whose facts are a record serialised with the web defaults.</summary>
    public static InboxNotice Of<T>(RecipientKind kind, Guid recipientId, PrescriptionEventType type, T facts) =>
        new(kind, recipientId, type, JsonSerializer.Serialize(facts, JsonSerializerOptions.Web));
}

/// <summary>
/// The one way any feature writes an inbox message, as <see cref="IMessageSender"/> is the one way it queues an e-mail
/// or SMS: the prescription fan-out, claim threads, KPI verdicts and «Aktiv på dagtid» (offers, cancelled dates,
/// instructors' notes). It only adds to the caller's unit of work, so the message commits or rolls back with the change
/// it tells of. The e-mail/SMS it may queue is the fixed <see cref="MessageTexts.Nudge"/>: that there is a message and
/// where to read it, never what it says.
/// </summary>
public sealed class Notices(AktivDbContext db, IMessageSender messages, TimeProvider clock, IOptions<NotificationOptions> options)
{
    public async Task PostAsync(InboxNotice notice, CancellationToken ct)
    {
        db.InboxMessages.Add(new InboxMessage
        {
            Id = Guid.CreateVersion7(),
            RecipientKind = notice.RecipientKind,
            RecipientId = notice.RecipientId,
            PrescriptionId = notice.PrescriptionId,
            ContractId = notice.ContractId,
            EventId = notice.EventId,
            Type = notice.Type,
            Data = notice.Data,
            CreatedAt = notice.At ?? clock.GetUtcNow(),
        });

        if (notice.Nudge is { } channel)
        {
            await messages.SendAsync(channel, notice.RecipientKind, notice.RecipientId, MessageTexts.Nudge(options.Value.PublicUrl), ct);
        }
    }
}
