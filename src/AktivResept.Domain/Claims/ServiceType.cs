namespace AktivResept.Domain.Claims;

/// <summary>
/// What a tariff prices and a claim line bills. Wire names: pt-session, group-session, diet-guidance, initial-assessment,
/// programme-session. An «Aktiv på dagtid» place paid per head is a group session; one paid per session delivered is a
/// programme session.
/// </summary>
public enum ServiceType
{
    PtSession,
    GroupSession,
    DietGuidance,
    InitialAssessment,
    ProgrammeSession,
}
