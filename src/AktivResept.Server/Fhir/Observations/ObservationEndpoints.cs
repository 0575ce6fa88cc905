using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Observations;

public static class ObservationEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "Observation",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("based-on", SearchParamType.Reference, "ServiceRequest/{id}: the prescription's weeks.") { Definition = "http://hl7.org/fhir/SearchParameter/Observation-based-on" },
            new FhirSearchParam("subject", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/Observation-subject" },
            new FhirSearchParam("patient", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/clinical-patient" },
        ],
        "Adherence, read-only and derived from attendance: per ISO week (Europe/Oslo) of a prescription accepted by a " +
        $"provider, sessions attended ({FhirSystems.AdherenceSystem}|sessions-attended-per-week, /wk, with the sessions " +
        "prescribed and the no-shows as components) and, where the attendance carried durations, minutes of activity " +
        $"(LOINC {FhirSystems.MinutesPerWeekCode}, min/wk). basedOn the ServiceRequest, subject the Patient, performer " +
        "the provider; effectivePeriod the week; final once the week (or the prescription) is over, else preliminary. " +
        "Ids are {prescription}-w{YYYYWW} and {prescription}-min-w{YYYYWW}. A search needs based-on, subject or " +
        "patient; visibility is the prescription's.");

    public static RouteGroupBuilder MapObservations(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Observation/{id}", (string id, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            ObservationIds.PrescriptionOf(id) is { } prescription
                ? resources.ReadAsync(me.Caller(), prescription, id, One(id), ct)
                : System.Threading.Tasks.Task.FromResult(FhirResult.NotFound()));
        fhir.MapSearch("/Observation", (HttpRequest request, ICurrentUserAccessor me, ObservationSearch search, CancellationToken ct) =>
            search.SearchAsync(me.Caller(), request, ct));
        return fhir;
    }

    private static PrescriptionResource One(string id) => new(
        "Observation",
        (view, facts) => facts.Adherence is { } adherence ? AdherenceObservations.For(view, adherence).FirstOrDefault(o => o.Id == id) : null,
        ShowsAdherence: true);
}
