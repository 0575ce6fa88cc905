namespace AktivResept.Domain.Claims;

/// <summary>What a tariff prices and a claim line bills. Wire names: pt-session, group-session, diet-guidance, initial-assessment.</summary>
public enum ServiceType
{
    PtSession,
    GroupSession,
    DietGuidance,
    InitialAssessment,
}
