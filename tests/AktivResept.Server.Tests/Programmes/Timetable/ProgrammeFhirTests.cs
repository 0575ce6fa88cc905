using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Programmes.Timetable;

/// <summary>The timetable through FHIR: HealthcareService (programme), Schedule (series) and Slot (session with free places).</summary>
public sealed class ProgrammeFhirTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>, IAsyncLifetime
{
    private const string FreePlaces = "http://aktivresept.no/fhir/StructureDefinition/free-places";
    private Guid _programme;
    private Guid _series;
    private List<Features.Programmes.ProgrammeSession> _sessions = [];

    public async Task InitializeAsync()
    {
        await app.ClearTimetableAsync();
        _programme = await app.GymProgrammeAsync();
        var gym = app.AsGym(DemoIdentities.AktivTreningOsloOrg);
        var term = await gym.TermAsync(_programme);
        _series = (await (await gym.AddSeriesAsync(_programme, term, TimetableKit.Series(await app.TrainerAsync("Per Aktiv"), headCount: 2))).BodyAsync(HttpStatusCode.Created)).Id();
        _sessions = await app.SessionsAsync(_series);
        var people = await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.People.Select(p => p.Id).Take(2)));
        await app.BookAsync(_sessions[0].Id, (people[0], BookingStatus.Booked), (people[1], BookingStatus.Booked));
        await app.BookAsync(_sessions[1].Id, (people[0], BookingStatus.Booked));
        (await gym.PostAsJsonAsync($"/api/programmes/{_programme}/sessions/{_sessions[2].Id}/cancel", new { reason = "Stengt" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_programme_is_a_HealthcareService_and_its_series_a_Schedule()
    {
        var client = app.AsParticipant(DemoIdentities.ParticipantAnneFnr);

        var service = await client.GetFhirAsync<HealthcareService>($"/fhir/HealthcareService/{_programme}");
        var inOslo = await client.GetFhirAsync<Bundle>("/fhir/HealthcareService?municipality=0301&active=true");
        var schedules = await client.GetFhirAsync<Bundle>($"/fhir/Schedule?actor=HealthcareService/{_programme}");

        service.Name.ShouldBe("Aktiv på dagtid (gym)");
        service.ProvidedBy!.Reference.ShouldStartWith("Organization/");
        service.Location.Select(l => l.Reference).ShouldBe([$"Location/{DemoIdentities.GrunerlokkaLocationId}"]);
        inOslo.Resources<HealthcareService>().Select(s => s.Id).ShouldBe([_programme.ToString()]);
        var schedule = schedules.Resources<Schedule>().ShouldHaveSingleItem();
        schedule.Id.ShouldBe(_series.ToString());
        schedule.ServiceType[0].Coding[0].Code.ShouldBe("Strength");
        schedule.PlanningHorizon!.Start.ShouldBe("2026-11-30");
        (await client.GetFhirAsync<Schedule>($"/fhir/Schedule/{_series}")).Actor.Select(a => a.Reference).ShouldContain($"HealthcareService/{_programme}");
        await (await client.GetFhirAsync($"/fhir/Schedule/{Guid.NewGuid()}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sessions_are_Slots_free_busy_or_cancelled_with_their_free_places()
    {
        var client = app.AsGp();

        var all = await client.GetFhirAsync<Bundle>($"/fhir/Slot?schedule=Schedule/{_series}");
        var free = await client.GetFhirAsync<Bundle>($"/fhir/Slot?schedule=Schedule/{_series}&status=free");
        var busy = await client.GetFhirAsync<Bundle>($"/fhir/Slot?schedule=Schedule/{_series}&status=busy,busy-unavailable");
        var from15th = await client.GetFhirAsync<Bundle>($"/fhir/Slot?schedule=Schedule/{_series}&start=ge2026-12-15");

        all.Total.ShouldBe(_sessions.Count);
        var slots = all.Resources<Slot>().ToDictionary(s => s.Id!);
        slots[_sessions[0].Id.ToString()].Status.ShouldBe(Slot.SlotStatus.Busy);
        slots[_sessions[1].Id.ToString()].Status.ShouldBe(Slot.SlotStatus.Free);
        slots[_sessions[2].Id.ToString()].Status.ShouldBe(Slot.SlotStatus.BusyUnavailable);
        slots[_sessions[1].Id.ToString()].GetExtension(FreePlaces)!.Value.ShouldBeOfType<Integer>().Value.ShouldBe(1);
        slots[_sessions[1].Id.ToString()].Start.ShouldBe(_sessions[1].StartsAt);
        free.Resources<Slot>().Select(s => s.Id).ShouldBe(_sessions.Skip(1).Where((_, i) => i != 1).Select(s => s.Id.ToString()));
        busy.Resources<Slot>().Select(s => s.Id).ShouldBe([_sessions[0].Id.ToString(), _sessions[2].Id.ToString()]);
        from15th.Resources<Slot>().Select(s => s.Id).ShouldBe(_sessions.Where(s => s.Date >= new DateOnly(2026, 12, 15)).Select(s => s.Id.ToString()));
        (await client.GetFhirAsync<Slot>($"/fhir/Slot/{_sessions[2].Id}")).Comment!.ShouldContain("Stengt");
    }

    [Fact]
    public async Task The_CapabilityStatement_lists_the_timetable_resources()
    {
        var metadata = await app.CreateClient().GetFhirAsync<CapabilityStatement>("/fhir/metadata");

        var resources = metadata.Rest[0].Resource.ToDictionary(r => r.Type!);
        resources["HealthcareService"].SearchParam.Select(p => p.Name).ShouldContain("municipality");
        resources["Slot"].SearchParam.Select(p => p.Name).ShouldBe(["schedule", "start", "status"], ignoreOrder: true);
        resources["Schedule"].SearchParam.Select(p => p.Name).ShouldContain("actor");
    }
}
