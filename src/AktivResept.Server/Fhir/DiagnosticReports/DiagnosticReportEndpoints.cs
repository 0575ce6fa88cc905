using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.DiagnosticReports;

public static class DiagnosticReportEndpoints
{
    public static readonly FhirResourceCapability Capability = new(
        "DiagnosticReport",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("based-on", SearchParamType.Reference, "ServiceRequest/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/DiagnosticReport-based-on" },
            new FhirSearchParam("subject", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/DiagnosticReport-subject" },
            new FhirSearchParam("patient", SearchParamType.Reference, "Patient/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/clinical-patient" },
        ],
        "The closing adherence summary of a prescription, read-only: exists once the prescription is Completed or the " +
        "participant dropped out (404 before), with the prescription's id. status final, basedOn the ServiceRequest, " +
        $"code {FhirSystems.AdherenceSystem}|adherence-summary, effectivePeriod the period (up to the day it ended), " +
        "issued when it ended, result the weekly adherence Observations, conclusion the sessions attended of those " +
        "prescribed and the rate. Visibility is the prescription's.");

    private static readonly PrescriptionResource Mapping = new(
        "DiagnosticReport", (view, facts) => DiagnosticReportMapping.ToFhir(view, facts.Adherence), ShowsAdherence: true);

    public static RouteGroupBuilder MapDiagnosticReports(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/DiagnosticReport/{id:guid}", (Guid id, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
            resources.ReadAsync(me.Caller(), id, Mapping, ct));
        fhir.MapSearch(fhir.MapGet("/DiagnosticReport", SearchAsync), fhir.MapPost("/DiagnosticReport" + FhirSearchEndpoints.SearchSegment, SearchAsync));
        return fhir;
    }

    /// <summary>Only prescriptions that have a report, so pages and totals count reports.</summary>
    private static IQueryable<Prescription>? Filter(IQueryable<Prescription> visible, FhirQuery query) =>
        ResultFilter.Apply(visible, query)?.Where(p => DiagnosticReportMapping.Closing.Contains(p.Status));

    private static Task<FhirResult> SearchAsync(HttpRequest request, ICurrentUserAccessor me, PrescriptionResources resources, CancellationToken ct) =>
        resources.SearchAsync(me.Caller(), request, Capability, Filter, Mapping, ct);
}
