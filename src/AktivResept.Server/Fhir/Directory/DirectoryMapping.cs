using System.Text.RegularExpressions;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Fhir.Patients;
using Hl7.Fhir.Model;
using FhirLocation = Hl7.Fhir.Model.Location;
using Location = AktivResept.Server.Features.Providers.Location;

namespace AktivResept.Server.Fhir.Directory;

/// <summary>Providers as Organization, their places as Location: organisational data, open to every signed-in role.</summary>
public static partial class DirectoryMapping
{
    public static Organization ToFhir(Provider provider) => new()
    {
        Id = provider.Id.ToString(),
        Meta = new Meta { LastUpdated = provider.LastUpdated },
        Identifier = [new Identifier(NationalIdSystems.OrganisationNumber, provider.OrganisationNumber)],
        Active = true,
        Type = [new CodeableConcept { Text = "Treningssenter" }],
        Name = provider.Name,
    };

    public static FhirLocation ToFhir(Location location, string? municipalityName)
    {
        var address = PatientMapping.MunicipalityAddress(location.Kommunenummer, municipalityName);
        address.Text = location.Address;
        var parts = location.Address.Split(',', 2, StringSplitOptions.TrimEntries);
        address.Line = [parts[0]];
        if (parts.Length == 2 && PostalPlace().Match(parts[1]) is { Success: true } place)
        {
            address.PostalCode = place.Groups["code"].Value;
            address.City = place.Groups["city"].Value;
        }

        var fhir = new FhirLocation
        {
            Id = location.Id.ToString(),
            Meta = new Meta { LastUpdated = location.LastUpdated },
            Status = FhirLocation.LocationStatus.Active,
            Mode = FhirLocation.LocationMode.Instance,
            Name = location.Name,
            Address = address,
            Position = new FhirLocation.PositionComponent { Latitude = (decimal)location.Latitude, Longitude = (decimal)location.Longitude },
            ManagingOrganization = new ResourceReference($"Organization/{location.ProviderId}"),
            AvailabilityExceptions = location.OpeningHours,
        };
        fhir.Extension.AddRange(location.AccessibilityFeatures.Select(f =>
            new Extension(FhirSystems.AccessibilityExtension, new Coding(FhirSystems.AccessibilitySystem, f.ToString()))));
        return fhir;
    }

    [GeneratedRegex(@"^(?<code>\d{4})\s+(?<city>.+)$")]
    private static partial Regex PostalPlace();
}
