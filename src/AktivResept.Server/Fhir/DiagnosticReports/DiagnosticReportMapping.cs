using System.Globalization;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Fhir.Observations;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;

namespace AktivResept.Server.Fhir.DiagnosticReports;

/// <summary>
/// The closing report of a prescription: once it is Completed (or the participant dropped out), a final
/// DiagnosticReport with the same id, basedOn the ServiceRequest, whose results are the weekly adherence Observations
/// and whose conclusion sums them up. Before that there is none.
/// </summary>
public static class DiagnosticReportMapping
{
    /// <summary>The states that close a followed prescription with a report.</summary>
    public static readonly PrescriptionStatus[] Closing = [PrescriptionStatus.Completed, PrescriptionStatus.DroppedOut];

    public static DiagnosticReport? ToFhir(PrescriptionView v, PublishedAdherence? adherence)
    {
        if (!Closing.Contains(v.Status) || adherence?.ClosedAt is not { } closedAt)
        {
            return null;
        }

        var closedOn = OsloCalendar.DateOf(closedAt);
        var report = new DiagnosticReport
        {
            Id = v.Id.ToString(),
            Meta = new Meta { LastUpdated = closedAt },
            BasedOn = [ServiceRequest(v.Id)],
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept(FhirSystems.AdherenceSystem, "adherence-summary", "Exercise on prescription: adherence summary", "Adherence summary"),
            Subject = Patient(v.Participant),
            // What the report covers: the period, up to the day it ended if that was earlier.
            Effective = new Period
            {
                Start = Date(v.StartDate),
                End = Date(closedOn < v.StartDate ? v.StartDate : closedOn < v.EndDate ? closedOn : v.EndDate),
            },
            Issued = closedAt,
            Result = [.. AdherenceObservations.References(v, adherence)],
            Conclusion = Conclusion(v, adherence),
        };
        if (v.Provider is { } provider)
        {
            report.Performer.Add(Organization(provider));
        }

        return report;
    }

    private static string Conclusion(PrescriptionView v, PublishedAdherence adherence)
    {
        var r = adherence.Report;
        var outcome = v.Status == PrescriptionStatus.DroppedOut
            ? $"Dropped out ({v.History.LastOrDefault(h => h.To == PrescriptionStatus.DroppedOut)?.Reason ?? "no reason recorded"})"
            : "Completed";
        var rate = r.Rate is { } share ? $" ({Math.Round(share * 100, MidpointRounding.AwayFromZero)} %)" : string.Empty;
        var minutes = r.AttendedMinutes is { } m ? $"; {m} minutes of activity recorded" : string.Empty;
        var weeks = r.Weeks.Count == 1 ? "1 week" : $"{r.Weeks.Count} weeks";
        return string.Create(CultureInfo.InvariantCulture,
            $"{outcome}: attended {r.AttendedSessions} of {r.PrescribedToDate} prescribed sessions{rate} over {weeks}{minutes}.");
    }
}
