using System.Globalization;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Prescriptions.Read;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>Elements ServiceRequest and Task share, built the same way for both.</summary>
public static class PrescriptionReferences
{
    /// <summary>Referrers are not served as resources: the requester is a logical reference by HPR number.</summary>
    public static ResourceReference Requester(ReferrerView referrer) => new()
    {
        Type = "Practitioner",
        Identifier = new Identifier(NationalIdSystems.Hpr, referrer.Hpr),
        Display = referrer.Name,
    };

    public static ResourceReference Patient(PartyView participant) => new($"Patient/{participant.Id}", participant.Name);

    public static ResourceReference ServiceRequest(Guid id) => new($"ServiceRequest/{id}");

    public static ResourceReference Organization(PartyView provider) => new($"Organization/{provider.Id}", provider.Name);

    public static ResourceReference Location(PartyView location) => new($"Location/{location.Id}", location.Name);

    public static ResourceReference PractitionerRole(Guid roleId, string? name) => new($"PractitionerRole/{roleId}", name);

    public static DateTimeOffset LastChange(PrescriptionView view) =>
        view.History.Count == 0 ? view.CreatedAt : view.History.Max(h => h.At);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset at) => new FhirDateTime(at.ToUniversalTime()).Value!;

    public static Duration Duration(int value, string ucumCode, string unit) =>
        new() { Value = value, Unit = unit, System = FhirSystems.Ucum, Code = ucumCode };
}
