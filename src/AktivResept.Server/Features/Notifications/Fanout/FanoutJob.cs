using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Notifications.Subscriptions;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Notifications.Fanout;

/// <summary>
/// Turns outbox events into what people and systems receive: inbox messages, one delivery per matching active
/// subscription, and an e-mail nudge to the referrer. Each batch is claimed with <c>FOR UPDATE SKIP LOCKED</c> and
/// written, with its events stamped <see cref="PrescriptionEvent.FannedOutAt"/>, in one transaction: several instances
/// share the work and each event is fanned out exactly once (the unique indexes on inbox and delivery rows are the
/// backstop). SQLite (the embedded dev mode) runs one process, so a plain read is enough there.
/// </summary>
public sealed class FanoutJob(AktivDbContext db, Notices notices, TimeProvider clock, IOptions<NotificationOptions> options, ILogger<FanoutJob> logger) : IPeriodicJob
{
    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Fans out until nothing is left (or another instance holds the rest); returns the events handled here.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var handled = await RunBatchAsync(ct);
            total += handled;
            if (handled < options.Value.FanoutBatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Fanned out {Count} prescription events", total);
        }

        return total;
    }

    private async Task<int> RunBatchAsync(CancellationToken ct)
    {
        var batchSize = Math.Max(1, options.Value.FanoutBatchSize);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var events = db.Database.IsNpgsql()
            ? await db.PrescriptionEvents
                .FromSqlInterpolated($"""
                    SELECT * FROM "PrescriptionEvents" WHERE "FannedOutAt" IS NULL
                    ORDER BY "OccurredAt" LIMIT {batchSize} FOR UPDATE SKIP LOCKED
                    """)
                .AsNoTracking()
                .ToListAsync(ct)
            : await db.PrescriptionEvents.AsNoTracking().Where(e => e.FannedOutAt == null).OrderBy(e => e.OccurredAt).Take(batchSize).ToListAsync(ct);
        if (events.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var prescriptionIds = events.Select(e => e.PrescriptionId).Distinct().ToList();
        var tasks = await db.Prescriptions.AsNoTracking()
            .Where(p => prescriptionIds.Contains(p.Id))
            .Join(db.Referrers, p => p.ReferrerId, r => r.Id, (p, r) => new TaskFacts(p.Id, p.ReferrerId, r.Hpr, p.ProviderId, p.ParticipantId, p.Status))
            .ToDictionaryAsync(t => t.PrescriptionId, ct);
        var trainers = await db.Prescriptions.AsNoTracking()
            .Where(p => prescriptionIds.Contains(p.Id) && p.TrainerId != null)
            .ToDictionaryAsync(p => p.Id, p => p.TrainerId!.Value, ct);
        var subscriptions = await SubscriptionsForAsync(tasks.Values, ct);
        var channels = await ChannelsOfAsync(tasks.Values, ct);

        var nudged = new HashSet<Guid>();
        foreach (var e in events)
        {
            if (!tasks.TryGetValue(e.PrescriptionId, out var task))
            {
                continue;
            }

            var facts = EventJson.Facts(e.Data).ToJsonString();
            var recipients = Recipients(e, task, trainers.GetValueOrDefault(task.PrescriptionId)).ToList();
            foreach (var (kind, id) in recipients)
            {
                // One nudge per referrer per batch: "you have a new message", whatever and however many there are.
                var nudge = kind == RecipientKind.Referrer && nudged.Add(id) ? MessageChannel.Email : (MessageChannel?)null;
                await notices.PostAsync(
                    new InboxNotice(kind, id, e.Type, facts)
                    {
                        PrescriptionId = e.PrescriptionId,
                        EventId = e.Id,

                        // Dated when it happened, so a batch fanned out at once still lists in the order things happened.
                        At = e.OccurredAt,
                        Nudge = nudge,
                    },
                    ct);
            }

            var channel = channels.GetValueOrDefault(task.ReferrerId);
            var matchFacts = task with { Status = StatusAfter(e) ?? task.Status };
            foreach (var subscription in subscriptions.Where(s => e.Type is not (PrescriptionEventType.SentToProvider or PrescriptionEventType.OutcomeDue) && MayReceive(s.Subscription, task) && ChannelAllows(channel?.Channel, s.Subscription) && s.Criteria.Matches(matchFacts)))
            {
                db.Deliveries.Add(new Delivery
                {
                    SubscriptionId = subscription.Subscription.Id,
                    EventId = e.Id,
                    PrescriptionId = e.PrescriptionId,
                    EventType = e.Type,
                    Payload = DeliveryPayloads.For(subscription.Subscription.Channel, e),
                    Status = DeliveryStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
            }

            // The referrer's organisation asked for dialogmelding: the sender job builds, validates and sends it.
            if (channel is { Channel: NotificationChannel.Dialogmelding } organisation && DialogmeldingEvents.KindFor(e) is { } noteKind)
            {
                db.DialogmeldingMessages.Add(new DialogmeldingMessage
                {
                    EventId = e.Id,
                    PrescriptionId = e.PrescriptionId,
                    ReferrerId = task.ReferrerId,
                    OrganisationNumber = organisation.OrganisationNumber,
                    Kind = noteKind,
                    Status = DialogmeldingStatus.Pending,
                    CreatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);

        // The batch stamped by one statement (it was an UPDATE per event through the change tracker: one in ten of a
        // referral's statements, docs/benchmarks.md issue 19).
        var ids = events.Select(e => e.Id).ToList();
        await db.PrescriptionEvents.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(set => set.SetProperty(e => e.FannedOutAt, now), ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return events.Count;
    }

    /// <summary>
    /// The channel a referrer's organisation chose (none: every active subscription, as before). A provider's
    /// subscriptions are not the organisation's to choose and always deliver.
    /// </summary>
    private static bool ChannelAllows(NotificationChannel? channel, Subscription s) =>
        s.OwnerKind != RecipientKind.Referrer || channel switch
        {
            null => true,
            NotificationChannel.FhirSubscription => s.Channel == SubscriptionChannel.FhirRestHook,
            NotificationChannel.Webhook => s.Channel == SubscriptionChannel.Webhook,
            _ => false,
        };

    private async Task<Dictionary<Guid, ReferrerOrganisation>> ChannelsOfAsync(IEnumerable<TaskFacts> tasks, CancellationToken ct)
    {
        var referrers = tasks.Select(t => t.ReferrerId).Distinct().ToList();
        return await db.Referrers.AsNoTracking().Where(r => referrers.Contains(r.Id))
            .Join(db.ReferrerOrganisations.AsNoTracking(), r => r.OrganisationNumber, o => o.OrganisationNumber, (r, o) => new { r.Id, Organisation = o })
            .ToDictionaryAsync(x => x.Id, x => x.Organisation, ct);
    }

    /// <summary>
    /// Who hears about what in the app: the referrer everything but their own moves (issuing, cancelling: they know);
    /// the provider a referral sent to it and the moves after it answered; the others what concerns their part.
    /// </summary>
    private static IEnumerable<(RecipientKind Kind, Guid Id)> Recipients(PrescriptionEvent e, TaskFacts task, Guid trainerId)
    {
        var type = e.Type;
        var change = type == PrescriptionEventType.StatusChanged ? System.Text.Json.JsonSerializer.Deserialize<StatusChangedData>(e.Data, System.Text.Json.JsonSerializerOptions.Web) : null;
        // A send the referrer did not make (the participant chose a gym, a coordinator routed it) is news to them too.
        var sentByOther = type == PrescriptionEventType.SentToProvider &&
            System.Text.Json.JsonSerializer.Deserialize<SentToProviderData>(e.Data, System.Text.Json.JsonSerializerOptions.Web)?.ByRole is { } sender &&
            !Common.Auth.Roles.Prescribers.Contains(sender);
        // An outcome reminder is for those who record (trainer and participant); the referrer hears when it is missed.
        if ((type is not (PrescriptionEventType.SentToProvider or PrescriptionEventType.OutcomeDue) || sentByOther) && !(change is not null && Common.Auth.Roles.Prescribers.Contains(change.ByRole)))
        {
            yield return (RecipientKind.Referrer, task.ReferrerId);
        }

        // "Issued" reaches the provider as the referral it was sent (SentToProvider), not a second time as a status.
        if (task.ProviderId is { } provider &&
            (type is PrescriptionEventType.SentToProvider or PrescriptionEventType.DropoutRisk or PrescriptionEventType.Paused or PrescriptionEventType.PauseEnded ||
             (type == PrescriptionEventType.StatusChanged && change?.To != nameof(PrescriptionStatus.Issued))))
        {
            yield return (RecipientKind.Provider, provider);
        }

        if (type is PrescriptionEventType.StatusChanged or PrescriptionEventType.Completed or PrescriptionEventType.DoseSet or PrescriptionEventType.OutcomeDue or PrescriptionEventType.OutcomeMissed or PrescriptionEventType.Paused or PrescriptionEventType.PauseEnded)
        {
            if (trainerId != Guid.Empty)
            {
                yield return (RecipientKind.Trainer, trainerId);
            }

            yield return (RecipientKind.Participant, task.ParticipantId);
        }
    }

    /// <summary>The same need-to-know rule as <c>PrescriptionScope</c>: a referrer's own, a provider's sent-to-it.</summary>
    private static bool MayReceive(Subscription s, TaskFacts task) => s.OwnerKind switch
    {
        RecipientKind.Referrer => s.OwnerId == task.ReferrerId,
        RecipientKind.Provider => s.OwnerId == task.ProviderId && task.Status != PrescriptionStatus.Draft,
        _ => false,
    };

    /// <summary>A status change is matched against the status it moved into, not whatever the prescription is in now.</summary>
    private static PrescriptionStatus? StatusAfter(PrescriptionEvent e)
    {
        if (e.Type != PrescriptionEventType.StatusChanged)
        {
            return null;
        }

        try
        {
            var data = System.Text.Json.JsonSerializer.Deserialize<StatusChangedData>(e.Data);
            return Enum.TryParse<PrescriptionStatus>(data?.To, out var to) ? to : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<List<(Subscription Subscription, TaskCriteria Criteria)>> SubscriptionsForAsync(IEnumerable<TaskFacts> tasks, CancellationToken ct)
    {
        var referrers = tasks.Select(t => t.ReferrerId).Distinct().ToList();
        var providers = tasks.Where(t => t.ProviderId is not null).Select(t => t.ProviderId!.Value).Distinct().ToList();
        var active = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Status == SubscriptionStatus.Active &&
                        ((s.OwnerKind == RecipientKind.Referrer && referrers.Contains(s.OwnerId)) ||
                         (s.OwnerKind == RecipientKind.Provider && providers.Contains(s.OwnerId))))
            .ToListAsync(ct);
        var result = new List<(Subscription, TaskCriteria)>(active.Count);
        foreach (var s in active)
        {
            if (s.Criteria is null)
            {
                result.Add((s, TaskCriteria.All));
            }
            else if (TaskCriteria.Parse(s.Criteria).Criteria is { } criteria)
            {
                result.Add((s, criteria));
            }
        }

        return result;
    }
}
