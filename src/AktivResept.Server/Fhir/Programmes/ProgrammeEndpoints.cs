using AktivResept.Server.Data;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Fhir.Claims;
using AktivResept.Server.Fhir.Directory;
using AktivResept.Server.Fhir.Prescriptions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace AktivResept.Server.Fhir.Programmes;

/// <summary>
/// Read and search of the «Aktiv på dagtid» timetable: HealthcareService (programme), Schedule (weekly series) and Slot
/// (dated session with free places). Public data, readable by every signed-in role; a value we cannot use in a search
/// matches nothing, as in the other searches.
/// </summary>
public static class ProgrammeEndpoints
{
    public static readonly FhirResourceCapability ServiceCapability = new(
        "HealthcareService",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            DirectorySearch.MunicipalityParam("programmes for the municipality's residents"),
            new FhirSearchParam("organization", SearchParamType.Reference, "Organization/{id}: programmes the gym runs.") { Definition = "http://hl7.org/fhir/SearchParameter/HealthcareService-organization" },
            new FhirSearchParam("active", SearchParamType.Token, "true or false: whether the programme still runs.") { Definition = "http://hl7.org/fhir/SearchParameter/HealthcareService-active" },
        ],
        "An «Aktiv på dagtid» programme: who runs it (category, providedBy), the municipality (extension) and its locations.");

    public static readonly FhirResourceCapability ScheduleCapability = new(
        "Schedule",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("actor", SearchParamType.Reference, "HealthcareService/{id} or Location/{id}.") { Definition = "http://hl7.org/fhir/SearchParameter/Schedule-actor" },
        ],
        "A weekly series of a programme: activity (serviceType), the term (planningHorizon), weekday and Oslo time (comment).");

    public static readonly FhirResourceCapability SlotCapability = new(
        "Slot",
        [TypeRestfulInteraction.Read, TypeRestfulInteraction.SearchType],
        [
            new FhirSearchParam("schedule", SearchParamType.Reference, "Schedule/{id}: the series' sessions.") { Definition = "http://hl7.org/fhir/SearchParameter/Slot-schedule" },
            new FhirSearchParam("start", SearchParamType.Date, "eq, gt, lt, ge, le with a date (Oslo days) or an instant.") { Definition = "http://hl7.org/fhir/SearchParameter/Slot-start" },
            new FhirSearchParam("status", SearchParamType.Token, "free, busy or busy-unavailable (cancelled).") { Definition = "http://hl7.org/fhir/SearchParameter/Slot-status" },
        ],
        $"A dated session: free when a place is free, busy when full, busy-unavailable when cancelled; free places in {ProgrammeMapping.FreePlacesExtension}.");

    public static RouteGroupBuilder MapProgrammes(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/HealthcareService/{id:guid}", async (Guid id, AktivDbContext db, CancellationToken ct) =>
            await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } programme
                ? FhirResult.Ok(ProgrammeMapping.ToFhir(programme, await LocationsAsync(db, [id], ct) is var l && l.TryGetValue(id, out var mine) ? mine : []))
                : FhirResult.NotFound());
        fhir.MapSearch(fhir.MapGet("/HealthcareService", SearchServicesAsync), fhir.MapPost("/HealthcareService" + FhirSearchEndpoints.SearchSegment, SearchServicesAsync));
        fhir.MapGet("/Schedule/{id:guid}", async (Guid id, AktivDbContext db, CancellationToken ct) =>
        {
            var row = await (from s in db.ProgrammeSeries.AsNoTracking()
                             join t in db.ProgrammeTerms on s.TermId equals t.Id
                             where s.Id == id
                             select new { s, t }).FirstOrDefaultAsync(ct);
            return row is null ? FhirResult.NotFound() : FhirResult.Ok(ProgrammeMapping.ToFhir(row.s, row.t));
        });
        fhir.MapSearch(fhir.MapGet("/Schedule", SearchSchedulesAsync), fhir.MapPost("/Schedule" + FhirSearchEndpoints.SearchSegment, SearchSchedulesAsync));
        fhir.MapGet("/Slot/{id:guid}", async (Guid id, AktivDbContext db, CancellationToken ct) =>
            await db.ProgrammeSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } session
                ? FhirResult.Ok(ProgrammeMapping.ToFhir(session))
                : FhirResult.NotFound());
        fhir.MapSearch(fhir.MapGet("/Slot", SearchSlotsAsync), fhir.MapPost("/Slot" + FhirSearchEndpoints.SearchSegment, SearchSlotsAsync));
        return fhir;
    }

    private static async Task<FhirResult> SearchServicesAsync(HttpRequest request, AktivDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, ServiceCapability);
        if (query is null)
        {
            return error!;
        }

        var q = db.Programmes.AsNoTracking();
        if (query["municipality"] is { } municipality)
        {
            var kommuner = DirectorySearch.Municipalities(municipality);
            q = q.Where(p => kommuner.Contains(p.Kommunenummer));
        }

        if (query["organization"] is { } organization)
        {
            var gyms = SearchValues.References(organization, "Organization");
            q = q.Where(p => p.ProviderId != null && gyms.Contains(p.ProviderId.Value));
        }

        if (query["active"] is { } active)
        {
            var values = FhirReferences.Alternatives(active).ToList();
            var wantActive = values.Contains("true");
            var wantEnded = values.Contains("false");
            q = q.Where(p => (wantActive && p.EndedAt == null) || (wantEnded && p.EndedAt != null));
        }

        var (page, total) = await DirectorySearch.PageAsync(q.OrderBy(p => p.Kommunenummer).ThenBy(p => p.Name).ThenBy(p => p.Id), query, ct);
        var locations = await LocationsAsync(db, page.Select(p => p.Id).ToList(), ct);
        var resources = page.Select(p => ProgrammeMapping.ToFhir(p, locations.GetValueOrDefault(p.Id) ?? []));
        return FhirResult.Ok(SearchBundle.Create(request, ServiceCapability.Type, query, resources, total, clock.GetUtcNow()));
    }

    private static async Task<FhirResult> SearchSchedulesAsync(HttpRequest request, AktivDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, ScheduleCapability);
        if (query is null)
        {
            return error!;
        }

        var q = from s in db.ProgrammeSeries.AsNoTracking() join t in db.ProgrammeTerms on s.TermId equals t.Id select new { s, t };
        if (query["actor"] is { } actor)
        {
            var programmes = SearchValues.References(actor, "HealthcareService");
            var locations = SearchValues.References(actor, "Location");
            q = q.Where(x => programmes.Contains(x.s.ProgrammeId) || locations.Contains(x.s.LocationId));
        }

        var (page, total) = await DirectorySearch.PageAsync(q.OrderBy(x => x.s.ProgrammeId).ThenBy(x => x.s.Weekday).ThenBy(x => x.s.StartTime).ThenBy(x => x.s.Id), query, ct);
        var resources = page.Select(x => ProgrammeMapping.ToFhir(x.s, x.t));
        return FhirResult.Ok(SearchBundle.Create(request, ScheduleCapability.Type, query, resources, total, clock.GetUtcNow()));
    }

    private static async Task<FhirResult> SearchSlotsAsync(HttpRequest request, AktivDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (query, error) = FhirQuery.Parse(request, SlotCapability);
        if (query is null)
        {
            return error!;
        }

        var q = db.ProgrammeSessions.AsNoTracking();
        if (query["schedule"] is { } schedule)
        {
            var series = SearchValues.References(schedule, "Schedule");
            q = q.Where(s => series.Contains(s.SeriesId));
        }

        if (query["start"] is { } start)
        {
            q = CreatedSearch.Parse<ProgrammeSession>(start, s => s.StartsAt) is { } condition ? q.Where(condition) : q.Where(_ => false);
        }

        if (query["status"] is { } status)
        {
            var wanted = FhirReferences.Alternatives(status).ToList();
            var free = wanted.Contains("free");
            var busy = wanted.Contains("busy");
            var cancelled = wanted.Contains("busy-unavailable");
            q = q.Where(s => (cancelled && s.CancelledAt != null) || (s.CancelledAt == null && ((free && s.Booked < s.Capacity) || (busy && s.Booked >= s.Capacity))));
        }

        var (page, total) = await DirectorySearch.PageAsync(q.OrderBy(s => s.StartsAt).ThenBy(s => s.Id), query, ct);
        return FhirResult.Ok(SearchBundle.Create(request, SlotCapability.Type, query, page.Select(ProgrammeMapping.ToFhir), total, clock.GetUtcNow()));
    }

    private static async Task<Dictionary<Guid, List<Guid>>> LocationsAsync(AktivDbContext db, List<Guid> programmes, CancellationToken ct) =>
        (await db.ProgrammeSeries.AsNoTracking().Where(s => programmes.Contains(s.ProgrammeId)).Select(s => new { s.ProgrammeId, s.LocationId }).Distinct().ToListAsync(ct))
            .GroupBy(x => x.ProgrammeId).ToDictionary(g => g.Key, g => g.Select(x => x.LocationId).Order().ToList());
}
