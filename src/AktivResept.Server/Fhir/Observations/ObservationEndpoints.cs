using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Fhir.Outcomes;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Observations;

public static class ObservationEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "Observation",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType, TypeRestfulInteraction.Create],
        [
            new FhirSearchParam("based-on", SearchParamType.Reference, "ServiceRequest/{id}: the prescription's weeks.") { Definition = "http://hl7.org/fhir/SearchParameter/Observation-based-on" },
            new FhirSearchParam("subject", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/Observation-subject" },
            new FhirSearchParam("patient", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/clinical-patient" },
            new FhirSearchParam("code", SearchParamType.Token, "Outcome measures by instrument code or LOINC code (system|code or code; comma is OR).") { Definition = "http://hl7.org/fhir/SearchParameter/clinical-code" },
            new FhirSearchParam("category", SearchParamType.Token, "outcome or adherence (ours), or exam, survey, activity, vital-signs, social-history.") { Definition = "http://hl7.org/fhir/SearchParameter/Observation-category" },
            new FhirSearchParam("date", SearchParamType.Date, "Outcome measures by effective date: eq, ge, gt, le, lt with a day (Oslo) or an instant.") { Definition = "http://hl7.org/fhir/SearchParameter/clinical-date" },
        ],
        "Adherence, read-only and derived from attendance: per ISO week (Europe/Oslo) of a prescription accepted by a " +
        $"provider, sessions attended ({FhirSystems.AdherenceSystem}|sessions-attended-per-week, /wk, with the sessions " +
        "prescribed and the no-shows as components) and, where the attendance carried durations, minutes of activity " +
        $"(LOINC {FhirSystems.MinutesPerWeekCode}, min/wk). basedOn the ServiceRequest, subject the Patient, performer " +
        "the provider; effectivePeriod the week; final once the week (or the prescription) is over, else preliminary. " +
        "Ids are {prescription}-w{YYYYWW} and {prescription}-min-w{YYYYWW}. A search needs based-on, subject or " +
        "patient; visibility is the prescription's. Outcome measures (category outcome, docs/outcomes.md) share the " +
        "endpoint: created by the assigned trainer (POST, basedOn the ServiceRequest), id the measurement's, " +
        "meta.versionId its version (amended once corrected), code our outcome-instrument coding and LOINC where one " +
        "exists; the exercise vital sign (LOINC 82290-8) is derivedFrom its days-per-week (89555-7) and minutes-per-day " +
        "(68516-4) Observations as the HL7 Physical Activity IG defines it.");

    public static RouteGroupBuilder MapObservations(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Observation/{id}", async (string id, ICurrentUserAccessor me, PrescriptionResources resources, OutcomeResources outcomes, CancellationToken ct) =>
            ObservationIds.PrescriptionOf(id) is { } prescription
                ? await resources.ReadAsync(me.Caller(), prescription, id, One(id), ct)
                : await outcomes.ReadObservationAsync(me.Caller(), id, ct) ?? FhirResult.NotFound());
        fhir.MapPost("/Observation", async (HttpRequest request, ICurrentUserAccessor me, OutcomeResources outcomes, CancellationToken ct) =>
        {
            var input = await FhirJson.ReadAsync<Observation>(request, ct);
            return input.Error ?? await outcomes.CreateObservationAsync(me.Caller(), input.Resource!, ct);
        });
        fhir.MapSearch(fhir.MapGet("/Observation", SearchAsync), fhir.MapPost("/Observation" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    private static PrescriptionResource One(string id) => new(
        "Observation",
        (view, facts) => facts.Adherence is { } adherence ? AdherenceObservations.For(view, adherence).FirstOrDefault(o => o.Id == id) : null,
        ShowsAdherence: true);

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, ObservationSearch search, CancellationToken ct) =>
        search.SearchAsync(me.Caller(), request, ct);
}
