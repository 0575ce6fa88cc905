using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>
/// Arranges a «Aktiv på dagtid» session straight in the database (the timetable and booking pages are other journeys):
/// Oslo's municipal programme, one class today at Grünerløkka led by the demo trainer Per Aktiv, and people booked on it.
/// </summary>
public static class ProgrammeArrange
{
    public static Task<Guid> TodaysClassAsync(this BrowserApp app, string title, params (string Given, string Family)[] booked) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AktivDbContext>();
            var trainer = await db.Trainers.Where(t => t.Name == "Per Aktiv").Select(t => t.Id).SingleAsync();
            var today = app.Today;
            var programme = new Programme
            {
                Kommunenummer = "0301",
                Name = "Aktiv på dagtid (test)",
                Operator = ProgrammeOperator.Municipality,
                CreatedAt = app.Clock.GetUtcNow(),
                CreatedBy = "test",
            };
            var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Test", StartsOn = today, EndsOn = today };
            var series = new ProgrammeSeries
            {
                ProgrammeId = programme.Id,
                TermId = term.Id,
                Activity = ProgrammeActivity.Strength,
                Title = title,
                LocationId = DemoIdentities.GrunerlokkaLocationId,
                Room = "Sal 1",
                HeadCount = 12,
                InstructorTrainerId = trainer,
                Weekday = today.DayOfWeek,
                StartTime = new TimeOnly(13, 0),
                DurationMinutes = 60,
                Intensity = Intensity.Moderate,
                CreatedAt = app.Clock.GetUtcNow(),
                CreatedBy = "test",
            };
            var occurrence = WeeklySeries.Occurrences(today.DayOfWeek, series.StartTime, series.DurationMinutes, today, today).Single();
            var session = new ProgrammeSession
            {
                ProgrammeId = programme.Id,
                SeriesId = series.Id,
                Date = occurrence.Date,
                StartsAt = occurrence.StartsAt,
                EndsAt = occurrence.EndsAt,
                LocationId = series.LocationId,
                Room = series.Room,
                InstructorTrainerId = trainer,
                Capacity = 12,
                Booked = booked.Length,
            };
            db.AddRange(programme, term, series, session);
            foreach (var (given, family) in booked)
            {
                var person = new Person { NationalIdHash = $"test-{Guid.NewGuid():N}", GivenName = given, FamilyName = family, BirthDate = new DateOnly(1975, 3, 1), Kommunenummer = "0301" };
                db.People.Add(person);
                db.ProgrammeBookings.Add(new ProgrammeBooking
                {
                    SessionId = session.Id,
                    ProgrammeId = programme.Id,
                    PersonId = person.Id,
                    Status = BookingStatus.Booked,
                    CreatedAt = app.Clock.GetUtcNow(),
                    CreatedBy = "test",
                    StatusChangedAt = app.Clock.GetUtcNow(),
                    StatusChangedBy = "test",
                });
            }

            await db.SaveChangesAsync();
            return session.Id;
        });
}
