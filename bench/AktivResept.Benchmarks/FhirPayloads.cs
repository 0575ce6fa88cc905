using System.Globalization;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AktivResept.Benchmarks;

/// <summary>The resources a FHIR client (an EHR) sends, serialised once per request like a real client would.</summary>
public static class FhirPayloads
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static string Patient(string nationalId, int n) => Serializer.SerializeToString(new Patient
    {
        Identifier = [new Identifier(NationalIdSystems.Fodselsnummer, nationalId)],
        Name = [new HumanName { Family = $"Benk{n}", Given = ["Last"] }],
        Address = [new Address
        {
            District = "Oslo",
            Extension = [new Extension(FhirSystems.MunicipalityExtension, new Coding(NationalIdSystems.Kommunenummer, "0301"))],
        }],
    });

    public static string ServiceRequest(string patientId, string hpr, DateOnly start) => Serializer.SerializeToString(new ServiceRequest
    {
        Status = RequestStatus.Active,
        Intent = RequestIntent.Order,
        Code = new CodeableConcept(FhirSystems.Snomed, FhirSystems.ReferralCode, FhirSystems.ReferralDisplay),
        Subject = new ResourceReference($"Patient/{patientId}"),
        Requester = new ResourceReference { Type = "Practitioner", Identifier = new Identifier(NationalIdSystems.Hpr, hpr) },
        Occurrence = new Period { Start = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), End = start.AddDays((12 * 7) - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        ReasonCode = [new CodeableConcept(FhirSystems.Icpc2, "L84", "Ryggsmerter") { Text = "Ryggsmerter uten utstråling" }],
        PatientInstruction = "Styrke rygg og mage, gå tur daglig",
        OrderDetail = [new CodeableConcept(FhirSystems.ActivityTypeSystem, "SupervisedStrength")],
        Quantity = new Ratio(new Quantity(2, "sessions"), new Quantity { Value = 1, System = FhirSystems.Ucum, Code = "wk", Unit = "wk" }),
        Extension =
        [
            new Extension(FhirSystems.MinutesPerSessionExtension, new Duration { Value = 60, System = FhirSystems.Ucum, Code = "min", Unit = "min" }),
            new Extension(FhirSystems.FundingExtension, new Coding(FhirSystems.FundingSourceSystem, "SelfPaid")),
        ],
    });
}
