using AktivResept.Domain.Claims;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Claims.ClaimElements;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;
using FhirClaim = Hl7.Fhir.Model.Claim;

namespace AktivResept.Server.Fhir.Claims;

/// <summary>
/// One FHIR Claim per claim, same id: what the provider bills the payer for one month. The payer's decision is not
/// here (R4 puts adjudication on ClaimResponse). Lines our own rules refused stay as items without a price, so the
/// ClaimResponse can say why they pay nothing; credits are items with negative amounts.
/// </summary>
public static class ClaimMapping
{
    public static FhirClaim ToFhir(LoadedClaim loaded)
    {
        var claim = loaded.Claim;
        var fhir = new FhirClaim
        {
            Id = claim.Id.ToString(),
            Meta = new Meta { LastUpdated = claim.UpdatedAt },
            Identifier = [new Identifier(FhirSystems.ClaimIdentifier, claim.Id.ToString())],
            // Draft is the provider's work in progress; from submission on the claim is in force. Our precise state
            // (submitted, under review, decided, paid) is in the claim-status extension; R4's cancelled and
            // entered-in-error have no counterpart (corrections are credit lines on a later claim).
            Status = claim.Status == ClaimStatus.Draft ? FinancialResourceStatusCodes.Draft : FinancialResourceStatusCodes.Active,
            Type = ProfessionalType,
            Use = ClaimUseCode.Claim,
            Patient = Patient(loaded),
            BillablePeriod = new Period { Start = Date(claim.Month), End = Date(claim.Month.AddMonths(1).AddDays(-1)) },
            Created = Instant(claim.CreatedAt),
            Insurer = Insurer(loaded),
            Provider = Provider(loaded),
            Priority = new CodeableConcept(FhirSystems.ProcessPriority, "normal", "Normal", null),
            Insurance =
            [
                new FhirClaim.InsuranceComponent
                {
                    Sequence = 1,
                    Focal = true,
                    // We keep no Coverage resources: the cover is the payer's scheme (state benefit, municipal contract
                    // or employer agreement), named here.
                    Coverage = new ResourceReference { Type = "Coverage", Display = $"{loaded.Payer.Kind} cover: {loaded.Payer.Name}" },
                },
            ],
            Item = [.. loaded.Lines.Select((line, index) => Item(loaded, line, index + 1))],
            Total = Nok(claim.TotalTariff),
        };
        fhir.Extension.Add(Status(claim));
        return fhir;
    }

    private static FhirClaim.ItemComponent Item(LoadedClaim loaded, Features.Claims.ClaimLine line, int sequence)
    {
        var item = new FhirClaim.ItemComponent
        {
            Sequence = sequence,
            ProductOrService = Service(line.Service),
            Serviced = new Hl7.Fhir.Model.Date(Date(line.ServiceDate)),
        };
        if (line.Status != ClaimLineStatus.Refused)
        {
            item.UnitPrice = Nok(line.Tariff);
            item.Net = Nok(line.Tariff);
        }

        if (line.ParticipantId is not null)
        {
            item.Extension.Add(ItemPatient(loaded, line)); // an «Aktiv på dagtid» session paid per session bills no one person
        }

        return item;
    }
}
