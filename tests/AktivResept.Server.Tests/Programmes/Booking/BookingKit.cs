using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Booking;

/// <summary>Intent helpers for the booking slice: staff clients, eligible registered people, booking through HTTP.</summary>
public static class BookingKit
{
    private static int _individual = 600;

    public static HttpClient AsOsloCoordinator(this AktivApiFactory app) => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    public static HttpClient AsBergenCoordinator(this AktivApiFactory app) => app.ClientAs(Roles.Municipality, org: DemoIdentities.BergenKommuneOrg);

    public static HttpClient AsNavCounsellor(this AktivApiFactory app) => app.ClientAs(Roles.Referrer, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg);

    public static HttpClient AsFrisklivssentral(this AktivApiFactory app) => app.ClientAs(Roles.Referrer, DemoIdentities.HealthyLifeCentreHpr, DemoIdentities.OsloKommuneOrg);

    /// <summary>A synthetic national id for someone born on <paramref name="birthDate"/>, unused elsewhere in the run.</summary>
    public static string NationalIdBornOn(DateOnly birthDate)
    {
        while (true)
        {
            if (Fodselsnummer.Create(birthDate, Interlocked.Increment(ref _individual) % 500, synthetic: true) is { } id)
            {
                return id.Value;
            }
        }
    }

    /// <summary>A new person with dagpenger from a month ago (open-ended, or to <paramref name="benefitTo"/>), registered for the programme by the Oslo coordinator.</summary>
    public static async Task<string> RegisteredPersonAsync(this AktivApiFactory app, Guid programmeId, DateOnly? benefitTo = null, string? nationalId = null)
    {
        var fnr = nationalId ?? TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.UnemploymentBenefit, TestData.Today.AddDays(-30), benefitTo);
        using var staff = app.AsOsloCoordinator();
        var response = await staff.PostAsJsonAsync($"/api/programmes/{programmeId}/registrations", NewPerson(fnr));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return fnr;
    }

    public static object NewPerson(string fnr) => new { nationalId = fnr, givenName = "Test", familyName = "Deltaker", kommunenummer = "0301" };

    public static string BookingsUrl(TestProgramme programme, Guid sessionId) => $"/api/programmes/{programme.ProgrammeId}/sessions/{sessionId}/bookings";

    public static Task<HttpResponseMessage> BookAsync(this HttpClient client, TestProgramme programme, Guid sessionId, string? fnr, bool? waitingList = null) =>
        client.PostAsJsonAsync(BookingsUrl(programme, sessionId), new { nationalId = fnr, waitingList });

    /// <summary>Books and expects a 201; returns the booking.</summary>
    public static async Task<BookingDto> BookedAsync(this HttpClient client, TestProgramme programme, Guid sessionId, string? fnr, bool? waitingList = null)
    {
        var response = await client.BookAsync(programme, sessionId, fnr, waitingList);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BookingDto>(Json.Options))!;
    }

    public static Task<HttpResponseMessage> CancelAsync(this HttpClient client, TestProgramme programme, BookingDto booking) =>
        client.PostAsJsonAsync($"{BookingsUrl(programme, booking.SessionId)}/{booking.Id}/cancel", new { });

    public static Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, TestProgramme programme, BookingDto booking) =>
        client.PostAsJsonAsync($"{BookingsUrl(programme, booking.SessionId)}/{booking.Id}/confirm", new { });

    /// <summary>Asserts a 409 problem with the given code and returns its args.</summary>
    public static async Task<JsonElement> ShouldBeRefusedAsync(this HttpResponseMessage response, string code)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe(code);
        return problem.GetProperty("args");
    }

    public static Task<List<ProgrammeBooking>> BookingsOfAsync(this AktivApiFactory app, Guid sessionId) =>
        app.QueryAsync(db => db.ProgrammeBookings.AsNoTracking().Where(b => b.SessionId == sessionId).ToListAsync());

    public static Task<ProgrammeSession> SessionAsync(this AktivApiFactory app, Guid sessionId) =>
        app.QueryAsync(db => db.ProgrammeSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));

    /// <summary>One more dated session in a new series of the programme (for overlaps and the weekly limit).</summary>
    public static async Task<Guid> ExtraSessionAsync(this AktivApiFactory app, TestProgramme programme, DateTimeOffset startsAt, int minutes = 60, int capacity = 10)
    {
        var date = Domain.Calendar.OsloCalendar.DateOf(startsAt);
        var series = new ProgrammeSeries
        {
            ProgrammeId = programme.ProgrammeId,
            TermId = programme.TermId,
            Activity = ProgrammeActivity.WalkingGroup,
            Title = "Gågruppe",
            LocationId = DemoIdentities.GrunerlokkaLocationId,
            Room = "Ute",
            HeadCount = capacity,
            Weekday = date.DayOfWeek,
            StartTime = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(startsAt, Domain.Calendar.OsloCalendar.Zone).DateTime),
            DurationMinutes = minutes,
            Intensity = Intensity.Low,
            CreatedAt = AktivApiFactory.Start,
            CreatedBy = "test",
        };
        var session = new ProgrammeSession
        {
            ProgrammeId = programme.ProgrammeId,
            SeriesId = series.Id,
            Date = date,
            StartsAt = startsAt,
            EndsAt = startsAt.AddMinutes(minutes),
            Activity = series.Activity,
            LocationId = series.LocationId,
            Room = series.Room,
            Capacity = capacity,
        };
        await app.QueryAsync(async db =>
        {
            db.ProgrammeSeries.Add(series);
            db.ProgrammeSessions.Add(session);
            return await db.SaveChangesAsync();
        });
        return session.Id;
    }

    public sealed record BookingDto(
        Guid Id, Guid ProgrammeId, Guid SessionId, Guid PersonId, BookingStatus Status, long? QueueNumber, DateTimeOffset? OfferExpiresAt,
        DateOnly Date, DateTimeOffset StartsAt);
}
