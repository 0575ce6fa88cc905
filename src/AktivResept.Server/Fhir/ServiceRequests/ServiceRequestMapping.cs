using AktivResept.Server.Features.Prescriptions.Read;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;
using StatusMaps = AktivResept.Server.Fhir.Prescriptions.StatusMaps;

namespace AktivResept.Server.Fhir.ServiceRequests;

/// <summary>A prescription as a ServiceRequest (docs/fhir.md has the element-by-element mapping).</summary>
public static class ServiceRequestMapping
{
    public static ServiceRequest ToFhir(PrescriptionView v, Guid? trainerRoleId)
    {
        var request = new ServiceRequest
        {
            Id = v.Id.ToString(),
            Meta = new Meta { LastUpdated = LastChange(v) },
            Identifier = [new Identifier(FhirSystems.PrescriptionIdentifier, v.Id.ToString())],
            Status = StatusMaps.RequestStatusOf(v.Status),
            Intent = RequestIntent.Order,
            Code = new CodeableConcept(FhirSystems.Snomed, FhirSystems.ReferralCode, FhirSystems.ReferralDisplay, null),
            OrderDetail = [.. v.ActivityTypes.Select(a => new CodeableConcept(FhirSystems.ActivityTypeSystem, a.ToString(), null))],
            Subject = Patient(v.Participant),
            Occurrence = new Period { Start = Date(v.StartDate), End = Date(v.EndDate) },
            AuthoredOn = Instant(v.IssuedAt ?? v.CreatedAt),
            Requester = Requester(v.Referrer),
            ReasonCode = [Reason(v)],
            PatientInstruction = v.Goals,
            Extension =
            [
                new Extension(FhirSystems.PrescriptionStatusExtension, new Code(v.Status.ToString())),
                new Extension(FhirSystems.FundingExtension, new Coding(FhirSystems.FundingSourceSystem, v.Funding.ToString())),
                new Extension(FhirSystems.ConfirmationIntervalExtension, Duration(v.ConfirmationIntervalWeeks, "wk", "weeks")),
            ],
        };

        if (v.DoseToBeSet)
        {
            // No dose yet: the trainer sets it at the initial assessment; until then there is no quantity to show.
            request.Extension.Add(new Extension(FhirSystems.DoseAtAssessmentExtension, new FhirBoolean(true)));
        }
        else
        {
            request.Quantity = new Ratio(new Quantity { Value = v.SessionsPerWeek, Unit = "sessions" }, Duration(1, "wk", "week"));
            request.Extension.Insert(2, new Extension(FhirSystems.MinutesPerSessionExtension, Duration(v.MinutesPerSession, "min", "minutes")));
        }

        if (v.RequiredCompetence is { } competence)
        {
            request.PerformerType = new CodeableConcept(FhirSystems.CertificationKindSystem, competence.ToString(), null);
        }

        if (v.Provider is { } provider)
        {
            request.Performer.Add(Organization(provider));
        }

        if (v.Trainer is { } trainer && trainerRoleId is { } roleId)
        {
            request.Performer.Add(PractitionerRole(roleId, trainer.Name));
        }

        if (v.Location is { } location)
        {
            request.LocationReference.Add(Location(location));
        }

        if (!string.IsNullOrEmpty(v.Precautions))
        {
            request.Note.Add(new Annotation { Text = v.Precautions });
        }

        return request;
    }

    private static CodeableConcept Reason(PrescriptionView v)
    {
        var reason = new CodeableConcept { Text = v.ReasonText };
        if (v.ReasonCode is { } code)
        {
            reason.Coding.Add(new Coding(FhirSystems.Icpc2, code));
        }

        return reason;
    }
}
