using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.People;
using Hl7.Fhir.Model;
using Person = AktivResept.Server.Features.People.Person;

namespace AktivResept.Server.Fhir.Patients;

/// <summary>A person to register, read from an incoming Patient.</summary>
public sealed record NewPatient(Fodselsnummer NationalId, string GivenName, string FamilyName, string Kommunenummer, string MunicipalityExpression);

/// <summary>
/// Person ⇄ Patient. The home municipality travels as the Norwegian base profile's municipality extension on
/// <c>address[0]</c> (valueCoding, system 2.16.578.1.12.4.1.1.3402); a 4-digit <c>address[0].district</c> is accepted
/// instead when the extension is absent. Outbound, <c>district</c> carries the municipality's name.
/// </summary>
public static class PatientMapping
{
    private const string MunicipalityExpression = $"Patient.address[0].extension('{FhirSystems.MunicipalityExtension}')";

    public static Patient ToFhir(Person person, Fodselsnummer? nationalId, string? municipalityName)
    {
        var patient = new Patient
        {
            Id = person.Id.ToString(),
            Meta = new Meta { LastUpdated = person.LastUpdated },
            Name =
            [
                new HumanName
                {
                    Use = HumanName.NameUse.Official,
                    Family = person.FamilyName,
                    Given = person.GivenName.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                },
            ],
            BirthDate = person.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Address = [MunicipalityAddress(person.Kommunenummer, municipalityName)],
        };
        if (nationalId is not null)
        {
            patient.Identifier.Add(new Identifier(nationalId.FhirSystem, nationalId.Value) { Use = Identifier.IdentifierUse.Official });
        }

        return patient;
    }

    public static Address MunicipalityAddress(string kommunenummer, string? name) => new()
    {
        District = name,
        Extension = [new Extension(FhirSystems.MunicipalityExtension, new Coding(NationalIdSystems.Kommunenummer, kommunenummer, name))],
    };

    public static NewPatient? Read(Patient patient, bool allowTestIdentities, FhirIssues issues)
    {
        var nationalId = ReadNationalId(patient, allowTestIdentities, issues);
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var given = string.Join(' ', name?.Given.OfType<string>().Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()) ?? []);
        var family = name?.Family?.Trim();
        if (string.IsNullOrEmpty(given) || string.IsNullOrEmpty(family))
        {
            issues.Add("Patient.name", FhirErrorCodes.NameRequired);
        }
        else if (given.Length > 200 || family.Length > 200)
        {
            issues.Add("Patient.name", ErrorCodes.MaxLength.With(("max", 200)));
        }

        if (nationalId is not null && patient.BirthDate is { } birthDate &&
            birthDate != nationalId.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
        {
            issues.Add("Patient.birthDate", FhirErrorCodes.BirthDateMismatch);
        }

        var kommune = ReadMunicipality(patient, issues, out var municipalityExpression);
        return issues.Any ? null : new NewPatient(nationalId!, given, family!, kommune!, municipalityExpression);
    }

    private static Fodselsnummer? ReadNationalId(Patient patient, bool allowTestIdentities, FhirIssues issues)
    {
        var index = patient.Identifier.FindIndex(i => i.System is NationalIdSystems.Fodselsnummer or NationalIdSystems.DNumber);
        if (index < 0)
        {
            issues.Add("Patient.identifier", FhirErrorCodes.NationalIdRequired.With(("fodselsnummer", NationalIdSystems.Fodselsnummer), ("dNumber", NationalIdSystems.DNumber)));
            return null;
        }

        var identifier = patient.Identifier[index];
        if (!Fodselsnummer.TryParse(identifier.Value, allowTestIdentities, out var id, out var error))
        {
            issues.Add($"Patient.identifier[{index}].value", error);
            return null;
        }

        if (id.FhirSystem != identifier.System)
        {
            issues.Add($"Patient.identifier[{index}].system", FhirErrorCodes.NationalIdSystem.With(("kind", id.Kind == NationalIdKind.DNumber ? "D-number" : "fødselsnummer"), ("system", id.FhirSystem)));
            return null;
        }

        return id;
    }

    private static string? ReadMunicipality(Patient patient, FhirIssues issues, out string expression)
    {
        var address = patient.Address.FirstOrDefault();
        var extension = address?.GetExtension(FhirSystems.MunicipalityExtension);
        string? code;
        if (extension is not null)
        {
            expression = MunicipalityExpression;
            if (extension.Value is not Coding coding || (coding.System is { } system && system != NationalIdSystems.Kommunenummer))
            {
                issues.Add(expression, FhirErrorCodes.MunicipalityCoding.With(("system", NationalIdSystems.Kommunenummer)));
                return null;
            }

            code = coding.Code;
        }
        else
        {
            expression = "Patient.address[0].district";
            code = address?.District;
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            issues.Add("Patient.address", FhirErrorCodes.MunicipalityRequired.With(("extension", FhirSystems.MunicipalityExtension)));
            return null;
        }

        if (!Kommunenummer.TryParse(code, out var kommune, out var error))
        {
            issues.Add(expression, error);
            return null;
        }

        return kommune.Value;
    }
}
