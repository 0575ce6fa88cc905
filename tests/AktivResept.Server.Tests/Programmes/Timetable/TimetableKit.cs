using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Timetable;

/// <summary>Building a timetable through its REST endpoints, as the coordinator or gym admin does.</summary>
public static class TimetableKit
{
    /// <summary>A Monday a week after the factory's start (Tuesday 24 November 2026): the first day of the test term.</summary>
    public static readonly DateOnly TermStart = new(2026, 11, 30);

    public static readonly DateOnly TermEnd = new(2027, 1, 10);

    /// <summary>Two Tuesdays of the term that are holidays.</summary>
    public static readonly DateOnly[] Holidays = [new(2026, 12, 22), new(2026, 12, 29)];

    public static HttpClient AsOsloCoordinator(this AktivApiFactory app) => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    public static HttpClient AsGym(this AktivApiFactory app, string org) => app.ClientAs(Roles.ProviderAdmin, org: org);

    /// <summary>Ends every programme and cancels every session already there, so a test plans on an empty timetable.</summary>
    public static Task ClearTimetableAsync(this AktivApiFactory app) => app.QueryAsync(async db =>
    {
        await db.ProgrammeSessions.ExecuteUpdateAsync(u => u.SetProperty(s => s.CancelledAt, AktivApiFactory.Start).SetProperty(s => s.CancellationReason, "test reset"));
        return await db.Programmes.ExecuteUpdateAsync(u => u.SetProperty(p => p.EndedAt, AktivApiFactory.Start));
    });

    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        return JsonDocument.Parse(text).RootElement;
    }

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();

    public static async Task<Guid> MunicipalProgrammeAsync(this AktivApiFactory app) =>
        (await (await app.AsOsloCoordinator().PostAsJsonAsync("/api/programmes", new { name = "Aktiv på dagtid Oslo", @operator = "Municipality" })).BodyAsync(HttpStatusCode.Created)).Id();

    public static async Task<Guid> GymProgrammeAsync(this AktivApiFactory app, string org = DemoIdentities.AktivTreningOsloOrg, string kommunenummer = "0301", string @operator = "GymUnderContract") =>
        (await (await app.AsGym(org).PostAsJsonAsync("/api/programmes", new { kommunenummer, name = "Aktiv på dagtid (gym)", @operator })).BodyAsync(HttpStatusCode.Created)).Id();

    public static async Task<Guid> TermAsync(this HttpClient client, Guid programme, DateOnly? from = null, DateOnly? to = null, DateOnly[]? holidays = null) =>
        (await (await client.PostAsJsonAsync($"/api/programmes/{programme}/terms", new { name = "Vinter", startsOn = from ?? TermStart, endsOn = to ?? TermEnd, holidays = holidays ?? Holidays })).BodyAsync(HttpStatusCode.Created)).Id();

    public static object Series(Guid trainer, Guid? location = null, string room = "Sal 1", string weekday = "Tuesday", string start = "10:00", int duration = 60,
        int? headCount = 12, decimal? area = 40m, string activity = "Strength", string[]? accessibility = null) => new
        {
            activity,
            title = "Styrke for nybegynnere",
            locationId = location ?? DemoIdentities.GrunerlokkaLocationId,
            room,
            roomSquareMetres = area,
            headCount,
            instructorTrainerId = trainer,
            weekday,
            startTime = start,
            durationMinutes = duration,
            intensity = "Moderate",
            accessibilityFeatures = accessibility ?? ["StepFreeEntrance", "Elevator"],
        };

    public static Task<HttpResponseMessage> AddSeriesAsync(this HttpClient client, Guid programme, Guid term, object series) =>
        client.PostAsJsonAsync($"/api/programmes/{programme}/terms/{term}/series", series);

    public static Task<Guid> TrainerAsync(this AktivApiFactory app, string name) =>
        app.QueryAsync(db => db.Trainers.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());

    public static Task<List<ProgrammeSession>> SessionsAsync(this AktivApiFactory app, Guid series) =>
        app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.SeriesId == series).OrderBy(s => s.StartsAt).ToListAsync());

    /// <summary>Puts people on a session as the booking slice would: places taken and queue numbers, with the counters.</summary>
    public static Task BookAsync(this AktivApiFactory app, Guid sessionId, params (Guid Person, BookingStatus Status)[] bookings) => app.QueryAsync(async db =>
    {
        var session = await db.ProgrammeSessions.SingleAsync(s => s.Id == sessionId);
        foreach (var (person, status) in bookings)
        {
            db.ProgrammeBookings.Add(new ProgrammeBooking
            {
                SessionId = sessionId,
                ProgrammeId = session.ProgrammeId,
                PersonId = person,
                Status = status,
                QueueNumber = status == BookingStatus.Waiting ? session.NextQueueNumber++ : null,
                CreatedAt = AktivApiFactory.Start,
                CreatedBy = "test",
                StatusChangedAt = AktivApiFactory.Start,
                StatusChangedBy = "test",
            });
            session.Booked += status.HoldsAPlace() ? 1 : 0;
            session.Waiting += status == BookingStatus.Waiting ? 1 : 0;
        }

        return await db.SaveChangesAsync();
    });
}
