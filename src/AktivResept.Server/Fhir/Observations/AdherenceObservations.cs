using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;

namespace AktivResept.Server.Fhir.Observations;

/// <summary>
/// A prescription's adherence as Observations, read-only and derived from its attendance: per ISO week (Europe/Oslo)
/// of the period so far, the sessions attended (with the sessions prescribed and the no-shows as components), and
/// the minutes of activity where the attendance carried durations (LOINC 82290-8, min/wk).
/// </summary>
public static class AdherenceObservations
{
    public static IEnumerable<Observation> For(PrescriptionView v, PublishedAdherence adherence)
    {
        foreach (var week in adherence.Report.Weeks)
        {
            // A week is settled once it is over, or when the prescription is.
            var status = adherence.Closed || week.Monday.AddDays(6) < adherence.Today
                ? ObservationStatus.Final
                : ObservationStatus.Preliminary;
            yield return Stamped(Sessions(v, week, status), adherence);
            if (week.Minutes is { } minutes)
            {
                yield return Stamped(Minutes(v, week, minutes, status), adherence);
            }
        }
    }

    /// <summary>A reference to each Observation <see cref="For"/> gives, in the same order: for Task.output and DiagnosticReport.result.</summary>
    public static IEnumerable<ResourceReference> References(PrescriptionView v, PublishedAdherence adherence)
    {
        foreach (var week in adherence.Report.Weeks)
        {
            yield return new ResourceReference($"Observation/{ObservationIds.Sessions(v.Id, week)}", $"Sessions attended {week.Label}");
            if (week.Minutes is not null)
            {
                yield return new ResourceReference($"Observation/{ObservationIds.Minutes(v.Id, week)}", $"Minutes of activity {week.Label}");
            }
        }
    }

    /// <summary>Computed from attendance when asked: current as of that instant (the closing time once closed).</summary>
    private static Observation Stamped(Observation observation, PublishedAdherence adherence)
    {
        observation.Meta = new Meta { LastUpdated = adherence.AsOf };
        return observation;
    }

    private static Observation Sessions(PrescriptionView v, WeekAdherence week, ObservationStatus status)
    {
        var observation = Week(v, week, status, ObservationIds.Sessions(v.Id, week),
            new CodeableConcept(FhirSystems.AdherenceSystem, "sessions-attended-per-week", "Sessions attended per week", "Sessions attended per week"),
            PerWeek(week.Attended, "sessions per week"));
        observation.Component =
        [
            new Observation.ComponentComponent
            {
                Code = new CodeableConcept(FhirSystems.AdherenceSystem, "sessions-prescribed-per-week", "Sessions prescribed per week", "Sessions prescribed per week"),
                Value = PerWeek(week.Prescribed, "sessions per week"),
            },
            new Observation.ComponentComponent
            {
                Code = new CodeableConcept(FhirSystems.AdherenceSystem, "no-shows-per-week", "Booked sessions not attended per week", "No-shows per week"),
                Value = PerWeek(week.NoShows, "no-shows per week"),
            },
        ];
        return observation;
    }

    private static Observation Minutes(PrescriptionView v, WeekAdherence week, int minutes, ObservationStatus status) =>
        Week(v, week, status, ObservationIds.Minutes(v.Id, week),
            new CodeableConcept(FhirSystems.Loinc, FhirSystems.MinutesPerWeekCode, FhirSystems.MinutesPerWeekDisplay, "Minutes of activity per week"),
            new Quantity { Value = minutes, Unit = "minutes per week", System = FhirSystems.Ucum, Code = "min/wk" });

    private static Observation Week(PrescriptionView v, WeekAdherence week, ObservationStatus status, string id, CodeableConcept code, Quantity value)
    {
        var observation = new Observation
        {
            Id = id,
            Status = status,
            BasedOn = [ServiceRequest(v.Id)],
            Category =
            [
                new CodeableConcept(FhirSystems.ObservationCategory, "activity", "Activity", null),
                new CodeableConcept(Outcomes.OutcomeMapping.KindSystem, "adherence", "Adherence", null),
            ],
            Code = code,
            Subject = Patient(v.Participant),
            // The whole ISO week in Oslo, as UTC instants: Monday 00:00 to the last second of Sunday.
            Effective = new Period
            {
                Start = Instant(OsloCalendar.StartOf(week.Monday)),
                End = Instant(OsloCalendar.StartOf(week.Monday.AddDays(7)).AddSeconds(-1)),
            },
            Value = value,
        };
        if (v.Provider is { } provider)
        {
            observation.Performer.Add(Organization(provider));
        }

        return observation;
    }

    /// <summary>"/wk" is UCUM's per week; what is counted goes in the unit's text.</summary>
    private static Quantity PerWeek(int count, string unit) =>
        new() { Value = count, Unit = unit, System = FhirSystems.Ucum, Code = "/wk" };
}
