using AktivResept.Domain.Claims;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Claims;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.Claims;

/// <summary>Elements Claim and ClaimResponse share, built the same way for both.</summary>
public static class ClaimElements
{
    public static CodeableConcept ProfessionalType { get; } =
        new(FhirSystems.ClaimType, "professional", "Professional", null);

    /// <summary>
    /// R4 wants exactly one patient, and our claim bills every participant a provider trained for the payer that month.
    /// With one participant it is that Patient; with several (or none yet) the element carries data-absent-reason
    /// <c>not-applicable</c> rather than naming one participant as if the whole claim were theirs; each item names its
    /// Patient in the claim-item-patient extension either way.
    /// </summary>
    public static ResourceReference Patient(LoadedClaim claim)
    {
        var participants = claim.Participants;
        if (participants.Count == 1)
        {
            return PatientOf(claim, participants[0]);
        }

        var reference = new ResourceReference
        {
            Display = participants.Count == 0
                ? "No participants on the claim yet"
                : $"{participants.Count} participants: each item names its Patient ({FhirSystems.ClaimItemPatientExtension})",
        };
        reference.Extension.Add(new Extension(FhirSystems.DataAbsentReason, new Code("not-applicable")));
        return reference;
    }

    public static ResourceReference PatientOf(LoadedClaim claim, Guid participantId) =>
        new($"Patient/{participantId}", claim.ParticipantNames.GetValueOrDefault(participantId));

    public static Extension ItemPatient(LoadedClaim claim, ClaimLine line) =>
        new(FhirSystems.ClaimItemPatientExtension, PatientOf(claim, line.ParticipantId!.Value));

    /// <summary>Payers are not served as Organization resources: a logical reference by organisasjonsnummer.</summary>
    public static ResourceReference Insurer(LoadedClaim claim) => new()
    {
        Type = "Organization",
        Identifier = new Identifier(NationalIdSystems.OrganisationNumber, claim.Payer.OrganisationNumber),
        Display = claim.Payer.Name,
    };

    public static ResourceReference Provider(LoadedClaim claim) => new($"Organization/{claim.Claim.ProviderId}", claim.ProviderName)
    {
        Identifier = new Identifier(NationalIdSystems.OrganisationNumber, claim.ProviderOrganisationNumber),
    };

    public static Extension Status(Features.Claims.Claim claim) => new(FhirSystems.ClaimStatusExtension, new Code(claim.Status.ToString()));

    /// <summary>NOK to the øre, always written with two decimals (150.00, not 150).</summary>
    public static Money Nok(decimal amount) => new()
    {
        Value = ClaimPricing.RoundToOre(amount) + 0.00m,
        Currency = Money.Currencies.NOK,
    };

    public static CodeableConcept Service(ServiceType? service) => service is { } s
        ? new CodeableConcept(FhirSystems.ServiceTypeSystem, s.ToString(), ServiceDisplay(s), null)
        : new CodeableConcept { Text = "No billable service (not attended)" };

    private static string ServiceDisplay(ServiceType service) => service switch
    {
        ServiceType.PtSession => "Personal trainer session",
        ServiceType.GroupSession => "Group session",
        ServiceType.DietGuidance => "Diet guidance",
        ServiceType.InitialAssessment => "Initial assessment",
        ServiceType.ProgrammeSession => "Aktiv på dagtid session (paid per session delivered)",
        _ => service.ToString(),
    };
}
