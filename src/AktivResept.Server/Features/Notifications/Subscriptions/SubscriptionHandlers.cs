using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Notifications.Subscriptions;

/// <summary>What a new subscription asks for; shared by the REST API (plain webhooks) and FHIR (rest-hook).</summary>
public sealed record NewSubscription(SubscriptionChannel Channel, string? Endpoint, string? Criteria, IReadOnlyList<string> Headers, string? Secret);

/// <summary>
/// Subscriptions of referrers and provider admins: create, list, turn off, turn on, the delivery log and replay.
/// Only the owner sees a subscription (anyone else gets 404, the same as an unknown id); every change and every read
/// of the delivery log (which names prescriptions) is audited.
/// </summary>
public sealed class SubscriptionHandlers(AktivDbContext db, NotificationParties parties, AtRestCipher cipher, OutboundEndpoints outbound, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<CreatedSubscription>> CreateAsync(CurrentUser user, NewSubscription request, CancellationToken ct)
    {
        if (await parties.SubscriptionOwnerAsync(user, ct) is not { } owner)
        {
            await audit.DeniedAsync(user, "Subscription", AuditAction.Create, ct);
            return Failure.Of(ApiErrorCodes.SubscriberOnly);
        }

        var errors = new ValidationErrors();
        if (await outbound.CheckAsync(request.Endpoint, ct) is { } endpointError)
        {
            errors.Add("endpoint", endpointError);
        }

        if (request.Channel == SubscriptionChannel.FhirRestHook && TaskCriteria.Parse(request.Criteria).Error is { } criteriaError)
        {
            errors.Add("criteria", criteriaError);
        }

        var key = StandardWebhookSignature.NewKey();
        if (request.Secret is not null && (!StandardWebhookSignature.TryParseSecret(request.Secret, out key) || key.Length is < 24 or > 64))
        {
            errors.Add("secret", ApiErrorCodes.Secret);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var subscription = new Subscription
        {
            Channel = request.Channel,
            OwnerKind = owner.Kind,
            OwnerId = owner.Id,
            CreatedBy = user.Subject.Length > 100 ? user.Subject[..100] : user.Subject,
            Criteria = request.Channel == SubscriptionChannel.FhirRestHook ? request.Criteria!.Trim() : null,
            Endpoint = request.Endpoint!.Trim(),
            SecretProtected = new ChannelSecrets(key, request.Headers).Protect(cipher),
            Status = SubscriptionStatus.Active,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Subscriptions.Add(subscription);
        audit.Add(user, $"Subscription/{subscription.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return new CreatedSubscription(subscription.Id, subscription.Channel, subscription.Endpoint, subscription.Criteria,
            subscription.Status, subscription.CreatedAt, StandardWebhookSignature.FormatSecret(key));
    }

    public async Task<Outcome<IReadOnlyList<SubscriptionView>>> ListAsync(CurrentUser user, SubscriptionChannel? channel, CancellationToken ct)
    {
        if (await parties.SubscriptionOwnerAsync(user, ct) is not { } owner)
        {
            await audit.DeniedAsync(user, "Subscription?search", AuditAction.Search, ct);
            return Failure.Of(ApiErrorCodes.SubscriberOnly);
        }

        var query = db.Subscriptions.AsNoTracking().Where(s => s.OwnerKind == owner.Kind && s.OwnerId == owner.Id);
        if (channel is { } c)
        {
            query = query.Where(s => s.Channel == c);
        }

        var rows = await query.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).Take(500).ToListAsync(ct);
        return rows.Select(SubscriptionView.Of).ToList();
    }

    public async Task<Outcome<SubscriptionView>> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var subscription = await FindOwnAsync(user, id, tracking: false, ct);
        if (subscription is null)
        {
            return await DeniedAsync(user, id, AuditAction.Read, ct);
        }

        return SubscriptionView.Of(subscription);
    }

    /// <summary>Turns a subscription off (the REST and FHIR delete): nothing more is sent, waiting deliveries are cancelled.</summary>
    public async Task<Outcome<SubscriptionView>> TurnOffAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var subscription = await FindOwnAsync(user, id, tracking: true, ct);
        if (subscription is null)
        {
            return await DeniedAsync(user, id, AuditAction.Update, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        subscription.Status = SubscriptionStatus.Off;
        subscription.StatusReason = "Turned off by the owner.";
        audit.Add(user, $"Subscription/{id}", $"{AuditAction.Update}:off", AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        await db.Deliveries.Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled), ct);
        await transaction.CommitAsync(ct);
        return SubscriptionView.Of(subscription);
    }

    /// <summary>Turns a subscription back on (e.g. after a 410 once the receiver is fixed); only new events are sent.</summary>
    public async Task<Outcome<SubscriptionView>> EnableAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var subscription = await FindOwnAsync(user, id, tracking: true, ct);
        if (subscription is null)
        {
            return await DeniedAsync(user, id, AuditAction.Update, ct);
        }

        // The rule may have tightened since it was registered (or DNS changed): judge the endpoint again.
        if (await outbound.CheckAsync(subscription.Endpoint, ct) is { } endpointError)
        {
            return Failure.Invalid(ValidationErrors.Single("endpoint", endpointError));
        }

        subscription.Status = SubscriptionStatus.Active;
        subscription.StatusReason = null;
        audit.Add(user, $"Subscription/{id}", $"{AuditAction.Update}:enable", AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return SubscriptionView.Of(subscription);
    }

    public async Task<Outcome<Page<DeliveryView>>> DeliveriesAsync(CurrentUser user, Guid id, DeliveryStatus? status, PageRequest paging, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!paging.Validate(errors))
        {
            return Failure.Invalid(errors);
        }

        if (await FindOwnAsync(user, id, tracking: false, ct) is null)
        {
            return await DeniedAsync(user, id, AuditAction.Read, ct);
        }

        var query = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == id);
        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var ids = rows.Select(d => d.Id).ToList();
        var log = (await db.DeliveryAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        audit.Add(user, $"Subscription/{id}/deliveries", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return paging.Of<DeliveryView>([.. rows.Select(d => View(d, log[d.Id]))], total);
    }

    /// <summary>Sends a dead-lettered (or delivered, or cancelled) delivery again, from a fresh count of tries.</summary>
    public async Task<Outcome<DeliveryView>> ReplayAsync(CurrentUser user, Guid deliveryId, CancellationToken ct)
    {
        var owner = await parties.SubscriptionOwnerAsync(user, ct);
        var delivery = owner is null
            ? null
            : await db.Deliveries.Where(d => d.Id == deliveryId && db.Subscriptions.Any(s => s.Id == d.SubscriptionId && s.OwnerKind == owner.Kind && s.OwnerId == owner.Id))
                .FirstOrDefaultAsync(ct);
        if (delivery is null)
        {
            await audit.DeniedAsync(user, $"Delivery/{deliveryId}", $"{AuditAction.Update}:replay", ct);
            return Failure.NotFound();
        }

        if (delivery.Status == DeliveryStatus.Pending)
        {
            return Failure.Of(ApiErrorCodes.DeliveryPending, "status");
        }

        if (!await db.Subscriptions.AnyAsync(s => s.Id == delivery.SubscriptionId && s.Status == SubscriptionStatus.Active, ct))
        {
            return Failure.Of(ApiErrorCodes.SubscriptionOff, "status");
        }

        delivery.Status = DeliveryStatus.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = clock.GetUtcNow();
        delivery.DeliveredAt = null;
        delivery.LastResult = null;
        audit.Add(user, $"Delivery/{deliveryId}", $"{AuditAction.Update}:replay", AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        var log = await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        return View(delivery, log);
    }

    internal async Task<Subscription?> FindOwnAsync(CurrentUser user, Guid id, bool tracking, CancellationToken ct)
    {
        if (await parties.SubscriptionOwnerAsync(user, ct) is not { } owner)
        {
            return null;
        }

        var query = db.Subscriptions.Where(s => s.Id == id && s.OwnerKind == owner.Kind && s.OwnerId == owner.Id);
        return await (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
    }

    private async Task<Failure> DeniedAsync(CurrentUser user, Guid id, string action, CancellationToken ct)
    {
        await audit.DeniedAsync(user, $"Subscription/{id}", action, ct);
        return Failure.NotFound();
    }

    private static DeliveryView View(Delivery d, IEnumerable<DeliveryAttempt> log) => new(
        d.Id, d.SubscriptionId, d.EventId, d.PrescriptionId, d.EventType, d.Status, d.Attempts,
        d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastResult, d.CreatedAt, d.DeliveredAt,
        [.. log.Select(a => new AttemptView(a.At, a.Result, a.DurationMs))]);
}

