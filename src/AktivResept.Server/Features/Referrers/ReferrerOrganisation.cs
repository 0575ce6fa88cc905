namespace AktivResept.Server.Features.Referrers;

/// <summary>
/// Settings of a referrer's organisation (a GP office, a frisklivssentral), keyed by its organisation number: its HER-id
/// in the national address register (needed to address a dialogmelding on Norsk helsenett) and the channel it receives
/// notifications through. An organisation without a row keeps the default: in-app plus every active subscription.
/// </summary>
public sealed class ReferrerOrganisation
{
    public string OrganisationNumber { get; set; } = string.Empty;

    /// <summary>The organisation's HER-id (Adresseregisteret), when known.</summary>
    public string? HerId { get; set; }

    public NotificationChannel Channel { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The token subject (or <c>operator</c> for the CLI) that last changed it.</summary>
    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// How an organisation's referrers hear about their prescriptions beyond the inbox (which always gets every message).
/// </summary>
public enum NotificationChannel
{
    /// <summary>The inbox (and its e-mail nudge) only: no outbound delivery to the referrers' subscriptions.</summary>
    InApp,

    /// <summary>The referrers' FHIR rest-hook subscriptions only.</summary>
    FhirSubscription,

    /// <summary>The referrers' plain webhook subscriptions only.</summary>
    Webhook,

    /// <summary>A Dialogmelding 1.1 in a MsgHead 1.2 envelope to the organisation, through the configured adapter.</summary>
    Dialogmelding,
}
