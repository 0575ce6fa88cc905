using System.Globalization;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Features.Programmes;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.Programmes;

/// <summary>
/// «Aktiv på dagtid» as public FHIR resources (<c>docs/fhir.md</c>): a programme is a HealthcareService, a weekly series
/// a Schedule, a dated session a Slot whose status says whether a place is free (free, busy, or busy-unavailable when
/// cancelled) and whose extension gives the free places. Nothing about who booked.
/// </summary>
public static class ProgrammeMapping
{
    public const string ActivitySystem = FhirSystems.Base + "/CodeSystem/programme-activity";
    public const string OperatorSystem = FhirSystems.Base + "/CodeSystem/programme-operator";
    public const string FreePlacesExtension = FhirSystems.Base + "/StructureDefinition/free-places";
    public const string CapacityExtension = FhirSystems.Base + "/StructureDefinition/capacity";
    public const string ProgramName = "Aktiv på dagtid";

    public static HealthcareService ToFhir(Programme programme, IEnumerable<Guid> locations)
    {
        var service = new HealthcareService
        {
            Id = programme.Id.ToString(),
            Meta = new Meta { LastUpdated = programme.LastUpdated },
            Active = programme.EndedAt is null,
            Name = programme.Name,
            Comment = string.IsNullOrWhiteSpace(programme.Description) ? null : programme.Description,
            Category = [new CodeableConcept(OperatorSystem, programme.Operator.ToString(), ProgramName)],
            Program = [new CodeableConcept { Text = ProgramName }],
            Location = [.. locations.Select(l => new ResourceReference($"Location/{l}"))],
            ProvidedBy = programme.ProviderId is { } gym ? new ResourceReference($"Organization/{gym}") : null,
        };
        service.Extension.Add(new Extension(FhirSystems.MunicipalityExtension, new Coding(NationalIdSystems.Kommunenummer, programme.Kommunenummer)));
        return service;
    }

    public static Schedule ToFhir(ProgrammeSeries series, ProgrammeTerm term) => new()
    {
        Id = series.Id.ToString(),
        Meta = new Meta { LastUpdated = series.LastUpdated },
        Active = true,
        ServiceType = [new CodeableConcept(ActivitySystem, series.Activity.ToString(), series.Title)],
        Actor = [new ResourceReference($"HealthcareService/{series.ProgrammeId}"), new ResourceReference($"Location/{series.LocationId}")],
        PlanningHorizon = new Period(new FhirDateTime(term.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new FhirDateTime(term.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        Comment = $"{series.Title}: {series.Weekday} {series.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture)} (Europe/Oslo), {series.DurationMinutes} min, {series.Room}",
    };

    public static Slot ToFhir(ProgrammeSession session)
    {
        var slot = new Slot
        {
            Id = session.Id.ToString(),
            Meta = new Meta { LastUpdated = session.LastUpdated },
            Schedule = new ResourceReference($"Schedule/{session.SeriesId}"),
            Status = StatusOf(session),
            Start = session.StartsAt.ToUniversalTime(),
            End = session.EndsAt.ToUniversalTime(),
            Comment = session.IsCancelled
                ? $"Avlyst: {session.CancellationReason}"
                : $"{session.FreePlaces} av {session.Capacity} plasser ledige ({TimeZoneInfo.ConvertTime(session.StartsAt, Oslo.Zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)} norsk tid)",
        };
        slot.Extension.Add(new Extension(FreePlacesExtension, new Integer(session.FreePlaces)));
        slot.Extension.Add(new Extension(CapacityExtension, new Integer(session.Capacity)));
        return slot;
    }

    public static Slot.SlotStatus StatusOf(ProgrammeSession session) =>
        session.IsCancelled ? Slot.SlotStatus.BusyUnavailable : session.FreePlaces > 0 ? Slot.SlotStatus.Free : Slot.SlotStatus.Busy;
}
