namespace AktivResept.Server.Features.Demo;

/// <summary>
/// The demo identities listed in the README, used by the seeder, the development sign-in and the tests.
/// All national ids are synthetic (month + 80) and can never belong to a real person.
/// </summary>
public static class DemoIdentities
{
    public const string GpHpr = "9144900";
    public const string PhysiotherapistHpr = "9144901";
    public const string HealthyLifeCentreHpr = "9144902";
    public const string NavCounsellorHpr = "9144903";

    public const string OsloKommuneOrg = "974760673";

    /// <summary>Bergen kommune as a payer and contracting municipality (a synthetic organisation number; added with the demo history).</summary>
    public const string BergenKommuneOrg = "991001409";

    /// <summary>A synthetic state reimbursement office (the payer of state-funded claims) and an employer.</summary>
    public const string StatePayerOrg = "991001204";
    public const string EmployerOrg = "991001301";
    public const string GpOfficeOrg = "991000100";

    /// <summary>A second practice the demo GP also works at (an emergency clinic): same HPR, another referrer (adr/0008).</summary>
    public const string GpSecondPracticeOrg = "991001506";
    public const string PhysioOrg = "991000208";

    /// <summary>A synthetic research institute whose researcher is named on the demo pilot (the health account's «Forsker»).</summary>
    public const string ResearchInstituteOrg = "991001700";
    public const string NavOrg = "991000305";

    public const string AktivTreningOsloOrg = "991000402";
    public const string SterkHverdagOrg = "991000607";
    public const string BergenHelsetreningOrg = "991000704";
    public const string FjordbyenOrg = "991000801";
    public const string NidarosTreningOrg = "991000909";
    public const string MidtbyenAktivOrg = "991001107";

    /// <summary>Fixed ids of the demo locations that tests and integrations address (a location has no other stable key).</summary>
    public static readonly Guid GrunerlokkaLocationId = new("0d3e0000-0000-4000-8000-000000000401");
    public static readonly Guid MajorstuenLocationId = new("0d3e0000-0000-4000-8000-000000000402");
    public static readonly Guid BergenSentrumLocationId = new("0d3e0000-0000-4000-8000-000000000701");

    public const string TrainerAktivInstruktorFnr = "27866510038";
    public const string TrainerSharedPositionFnr = "03908210041";
    public const string TrainerExpiredFnr = "11927510059";

    public const string ParticipantAnneFnr = "12837810092";
    public const string ParticipantBjornFnr = "04878510025";
    public const string ParticipantCamillaFnr = "23916910053";
    public const string ParticipantDavidFnr = "30819010095";
    public const string ParticipantElinFnr = "15857210074";
    public const string ParticipantFredrikFnr = "08898810004";
    public const string ParticipantGuriFnr = "19829510130";

    /// <summary>Personas offered by the development sign-in page.</summary>
    public static readonly IReadOnlyList<DemoPersona> Personas =
    [
        new("gp", "Kari Nordmann, fastlege", Common.Auth.Roles.Referrer, GpHpr, GpOfficeOrg, null),
        new("gp-legevakt", "Kari Nordmann, legevakt", Common.Auth.Roles.Referrer, GpHpr, GpSecondPracticeOrg, null),
        new("physio", "Ola Fjell, fysioterapeut", Common.Auth.Roles.Referrer, PhysiotherapistHpr, PhysioOrg, null),
        new("frisklivs", "Lise Frisk, frisklivssentralen", Common.Auth.Roles.Referrer, HealthyLifeCentreHpr, OsloKommuneOrg, null),
        new("nav", "Nils Veileder, NAV", Common.Auth.Roles.Referrer, NavCounsellorHpr, NavOrg, null),
        new("gym-oslo", "Aktiv Trening Oslo AS (administrator)", Common.Auth.Roles.ProviderAdmin, null, AktivTreningOsloOrg, null),
        new("gym-bergen", "Bergen Helsetrening AS (administrator)", Common.Auth.Roles.ProviderAdmin, null, BergenHelsetreningOrg, null),
        new("trainer", "Per Aktiv, Aktiv-instruktør", Common.Auth.Roles.Trainer, null, null, TrainerAktivInstruktorFnr),
        new("trainer-shared", "Siri Sterk, delt stilling (treningssenter og kommune)", Common.Auth.Roles.Trainer, null, null, TrainerSharedPositionFnr),
        new("participant", "Anne Hansen, deltaker", Common.Auth.Roles.Participant, null, null, ParticipantAnneFnr),
        new("municipality", "Oslo kommune, koordinator", Common.Auth.Roles.Municipality, null, OsloKommuneOrg, null),
        new("municipality-bergen", "Bergen kommune, koordinator", Common.Auth.Roles.Municipality, null, BergenKommuneOrg, null),
        new("payer-state", "Statens refusjonskontor, saksbehandler", Common.Auth.Roles.Payer, null, StatePayerOrg, null),
        new("payer-oslo", "Oslo kommune, refusjon", Common.Auth.Roles.Payer, null, OsloKommuneOrg, null),
        new("payer-employer", "Bedriftshelse AS, refusjon", Common.Auth.Roles.Payer, null, EmployerOrg, null),
        new("researcher", "Forsker, Helsefunn-følgeforskningen", Common.Auth.Roles.Researcher, null, ResearchInstituteOrg, null),
        new("security", "Sikkerhetsansvarlig, AktivResept", Common.Auth.Roles.SecurityOfficer, null, null, null),
    ];
}

public sealed record DemoPersona(string Key, string DisplayName, string Role, string? Hpr, string? Org, string? Fnr);
