using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>Valid resources as an EHR would send them, with the contract's URLs written out (not borrowed from the server).</summary>
public static class FhirData
{
    public const string Fnr = "urn:oid:2.16.578.1.12.4.1.4.1";
    public const string DNumber = "urn:oid:2.16.578.1.12.4.1.4.2";
    public const string Hpr = "urn:oid:2.16.578.1.12.4.1.4.4";
    public const string OrgNr = "urn:oid:2.16.578.1.12.4.1.4.101";
    public const string MunicipalityExtension = "http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode";
    public const string Kommunenummer = "urn:oid:2.16.578.1.12.4.1.1.3402";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icpc2 = "urn:oid:2.16.578.1.12.4.1.1.7170";
    public const string Ext = "http://aktivresept.no/fhir/StructureDefinition/";
    public const string CodeSystem = "http://aktivresept.no/fhir/CodeSystem/";
    public const string PrescriptionIdentifier = "urn:aktivresept:prescription";

    public static Patient NewPatient(string nationalId, string kommune = "0301", string system = Fnr) => new()
    {
        Identifier = [new Identifier(system, nationalId)],
        Name = [new HumanName { Family = "Pasient", Given = ["Test", "Fhir"] }],
        Address = [new Address { Extension = [new Extension(MunicipalityExtension, new Coding(Kommunenummer, kommune))] }],
    };

    public static ResourceReference PatientRef(string id) => new($"Patient/{id}");

    public static ResourceReference ByNationalId(string nationalId) => new() { Identifier = new Identifier(Fnr, nationalId) };

    public static ServiceRequest Referral(ResourceReference subject, string hpr = DemoIdentities.GpHpr, string funding = "SelfPaid", DateOnly? start = null, RequestStatus status = RequestStatus.Active)
    {
        var from = start ?? TestData.Today.AddDays(7);
        return new ServiceRequest
        {
            Status = status,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept(Snomed, "390893007", "Referral to physical activity program", null),
            Subject = subject,
            Requester = new ResourceReference { Type = "Practitioner", Identifier = new Identifier(Hpr, hpr) },
            Occurrence = new Period { Start = Date(from), End = Date(from.AddDays((12 * 7) - 1)) },
            ReasonCode = [new CodeableConcept(Icpc2, "L84", "Ryggsyndrom uten smerteutstråling", "Ryggsmerter")],
            PatientInstruction = "Gå tur uten smerter",
            OrderDetail =
            [
                new CodeableConcept(CodeSystem + "activity-type", "SupervisedStrength", null),
                new CodeableConcept(CodeSystem + "activity-type", "Endurance", null),
            ],
            Quantity = new Ratio(new Quantity { Value = 2, Unit = "sessions" }, new Quantity { Value = 1, Unit = "week", System = "http://unitsofmeasure.org", Code = "wk" }),
            Note = [new Annotation { Text = "Ingen tunge løft" }],
            Extension =
            [
                new Extension(Ext + "minutes-per-session", new Duration { Value = 60, Unit = "min", System = "http://unitsofmeasure.org", Code = "min" }),
                new Extension(Ext + "funding-source", new Coding(CodeSystem + "funding-source", funding)),
            ],
        };
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Registers a new person through POST /fhir/Patient and returns the Patient id.</summary>
    public static async Task<string> CreatePatientAsync(this HttpClient client, string nationalId, string kommune = "0301")
    {
        var response = await client.PostFhirAsync("/fhir/Patient", NewPatient(nationalId, kommune));
        return (await response.ReadFhirAsync<Patient>(System.Net.HttpStatusCode.Created)).Id!;
    }

    /// <summary>Issues a referral through POST /fhir/ServiceRequest and returns its id.</summary>
    public static async Task<string> CreateReferralAsync(this HttpClient client, ServiceRequest referral)
    {
        var response = await client.PostFhirAsync("/fhir/ServiceRequest", referral);
        return (await response.ReadFhirAsync<ServiceRequest>(System.Net.HttpStatusCode.Created)).Id!;
    }
}
