namespace AktivResept.Server.Features.Referrers;

public enum ReferrerKind
{
    /// <summary>Fastlege.</summary>
    GeneralPractitioner,
    Physiotherapist,

    /// <summary>Frisklivssentral staff.</summary>
    HealthyLifeCentre,
    NavCounsellor,
    OccupationalHealth,
}
