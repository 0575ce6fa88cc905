using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Providers;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;

namespace AktivResept.Server.Fhir.Directory;

/// <summary>
/// A trainer's position at an organisation as a PractitionerRole (shared positions are several roles). Certifications
/// are the certification extension (kind, issuer, validity); <c>specialty</c> lists the kinds valid today.
/// </summary>
public static class PractitionerRoleMapping
{
    public static PractitionerRole ToFhir(TrainerRole role, Trainer trainer, Guid? providerId, DateOnly today)
    {
        var fhir = new PractitionerRole
        {
            Id = role.Id.ToString(),
            // The role's own row and the trainer's (name, certifications' owner), whichever was saved last.
            Meta = new Meta { LastUpdated = role.LastUpdated > trainer.LastUpdated ? role.LastUpdated : trainer.LastUpdated },
            Active = true,
            Practitioner = new ResourceReference { Display = trainer.Name },
            Organization = providerId is { } id
                ? new ResourceReference($"Organization/{id}", role.OrganisationName)
                : new ResourceReference { Identifier = new Identifier(NationalIdSystems.OrganisationNumber, role.OrganisationNumber), Display = role.OrganisationName },
            Code = [new CodeableConcept { Text = role.Title }],
            Specialty =
            [
                .. trainer.Certifications.Where(c => c.ToDomain().IsValidOn(today)).Select(c => c.Kind).Distinct()
                    .Select(kind => new CodeableConcept(FhirSystems.CertificationKindSystem, kind.ToString(), null)),
            ],
        };

        foreach (var certification in trainer.Certifications.OrderBy(c => c.ValidFrom))
        {
            var extension = new Extension { Url = FhirSystems.CertificationExtension };
            extension.Extension.Add(new Extension("kind", new Coding(FhirSystems.CertificationKindSystem, certification.Kind.ToString())));
            extension.Extension.Add(new Extension("issuer", new FhirString(certification.Issuer)));
            extension.Extension.Add(new Extension("period", new Period { Start = Date(certification.ValidFrom), End = Date(certification.ValidTo) }));
            fhir.Extension.Add(extension);
        }

        return fhir;
    }
}
