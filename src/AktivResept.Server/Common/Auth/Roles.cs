namespace AktivResept.Server.Common.Auth;

/// <summary>The roles a token can carry (PRODUCT.md, "Who uses it").</summary>
public static class Roles
{
    public const string Referrer = "referrer";
    public const string Participant = "participant";
    public const string ProviderAdmin = "provider-admin";
    public const string Trainer = "trainer";
    public const string Municipality = "municipality";
    public const string Payer = "payer";
    public const string Researcher = "researcher";

    /// <summary>A system client (an EHR) acting for an HPR-identified health professional.</summary>
    public const string Ehr = "ehr";

    /// <summary>The operator's security officer (sikkerhetsansvarlig): reads the alerts on unusual look-ups.</summary>
    public const string SecurityOfficer = "security-officer";

    public static readonly string[] All = [Referrer, Participant, ProviderAdmin, Trainer, Municipality, Payer, Researcher, Ehr, SecurityOfficer];

    /// <summary>Roles that write and follow prescriptions as a health professional.</summary>
    public static readonly string[] Prescribers = [Referrer, Ehr];
}
