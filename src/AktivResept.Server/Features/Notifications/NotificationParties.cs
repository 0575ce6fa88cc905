using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;

namespace AktivResept.Server.Features.Notifications;

/// <summary>Who the caller is as an owner of subscriptions or a reader of an inbox.</summary>
public sealed record NotificationParty(RecipientKind Kind, Guid Id);

public sealed class NotificationParties(CallerRelationships relationships)
{
    /// <summary>Referrers (and EHRs acting for one) and provider admins may own subscriptions; nobody else.</summary>
    public async Task<NotificationParty?> SubscriptionOwnerAsync(CurrentUser user, CancellationToken ct)
    {
        var caller = await relationships.ResolveAsync(user, ct);
        return user.Role switch
        {
            Roles.Referrer or Roles.Ehr when caller.ReferrerId is { } id => new(RecipientKind.Referrer, id),
            Roles.ProviderAdmin when caller.ProviderId is { } id => new(RecipientKind.Provider, id),
            _ => null,
        };
    }

    /// <summary>
    /// Whose inbox the caller reads: a referrer's, a provider's (its admins share it), a trainer's, a participant's, or
    /// a payer's (its caseworkers and, for a municipality, its coordinators share it: contract messages).
    /// </summary>
    public async Task<NotificationParty?> InboxOwnerAsync(CurrentUser user, CancellationToken ct)
    {
        var caller = await relationships.ResolveAsync(user, ct);
        return user.Role switch
        {
            Roles.Trainer when caller.TrainerId is { } id => new(RecipientKind.Trainer, id),
            Roles.Participant when caller.PersonId is { } id => new(RecipientKind.Participant, id),
            Roles.Payer => await relationships.PayerOfAsync(user, ct) is { } payer ? new(RecipientKind.Payer, payer) : null,
            Roles.Municipality => await relationships.MunicipalityOfAsync(user, ct) is { } payer ? new(RecipientKind.Payer, payer) : null,
            _ => await SubscriptionOwnerAsync(user, ct),
        };
    }
}
