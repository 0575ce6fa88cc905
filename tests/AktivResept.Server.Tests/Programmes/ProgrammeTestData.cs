using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes;

/// <summary>The ids of a programme made for a test: the programme, its term, one weekly series and its dated sessions in order.</summary>
public sealed record TestProgramme(Guid ProgrammeId, Guid TermId, Guid SeriesId, IReadOnlyList<Guid> SessionIds);

/// <summary>
/// Arranges a programme straight in the database, for tests of what comes after the timetable (booking, attendance,
/// claims). Tests of building a timetable go through its REST endpoints instead.
/// </summary>
public static class ProgrammeTestData
{
    /// <summary>
    /// Oslo's municipal programme with one weekly Tuesday 10:00 strength class at Grünerløkka for <paramref name="weeks"/>
    /// weeks from the first Tuesday on or after <paramref name="from"/> (default: the factory's start day).
    /// </summary>
    public static Task<TestProgramme> OsloWeeklyClassAsync(AktivApiFactory app, int capacity = 10, int weeks = 4, DateOnly? from = null,
        ProgrammeOperator @operator = ProgrammeOperator.Municipality, Guid? providerId = null, Guid? instructorTrainerId = null) =>
        WeeklyClassAsync(app, "0301", DemoIdentities.GrunerlokkaLocationId, capacity, weeks, from, @operator, providerId, instructorTrainerId);

    public static async Task<TestProgramme> WeeklyClassAsync(AktivApiFactory app, string kommunenummer, Guid locationId, int capacity, int weeks,
        DateOnly? from, ProgrammeOperator @operator, Guid? providerId, Guid? instructorTrainerId, DayOfWeek weekday = DayOfWeek.Tuesday)
    {
        var start = from ?? DateOnly.FromDateTime(AktivApiFactory.Start.UtcDateTime);
        var end = start.AddDays(7 * weeks - 1);
        var programme = new Programme
        {
            Kommunenummer = kommunenummer,
            Name = "Aktiv på dagtid (test)",
            Operator = @operator,
            ProviderId = providerId,
            CreatedAt = AktivApiFactory.Start,
            CreatedBy = "test",
        };
        var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Test", StartsOn = start, EndsOn = end };
        var series = new ProgrammeSeries
        {
            ProgrammeId = programme.Id,
            TermId = term.Id,
            Activity = ProgrammeActivity.Strength,
            Title = "Styrke",
            LocationId = locationId,
            Room = "Sal 1",
            HeadCount = capacity,
            InstructorTrainerId = instructorTrainerId,
            Weekday = weekday,
            StartTime = new TimeOnly(10, 0),
            DurationMinutes = 60,
            Intensity = Intensity.Moderate,
            CreatedAt = AktivApiFactory.Start,
            CreatedBy = "test",
        };
        var sessions = WeeklySeries.Occurrences(weekday, series.StartTime, series.DurationMinutes, start, end)
            .Select(o => new ProgrammeSession
            {
                ProgrammeId = programme.Id,
                SeriesId = series.Id,
                Date = o.Date,
                StartsAt = o.StartsAt,
                EndsAt = o.EndsAt,
                LocationId = locationId,
                Room = series.Room,
                InstructorTrainerId = instructorTrainerId,
                Capacity = capacity,
            })
            .ToList();
        await app.QueryAsync(async db =>
        {
            db.Programmes.Add(programme);
            db.ProgrammeTerms.Add(term);
            db.ProgrammeSeries.Add(series);
            db.ProgrammeSessions.AddRange(sessions);
            return await db.SaveChangesAsync();
        });
        return new TestProgramme(programme.Id, term.Id, series.Id, sessions.Select(s => s.Id).ToList());
    }

    /// <summary>A person made straight in the database (a synthetic one: no national id is stored), for the register to name.</summary>
    public static Task<Guid> PersonAsync(AktivApiFactory app, string givenName, string familyName, string kommunenummer = "0301") =>
        app.QueryAsync(async db =>
        {
            var person = new Person
            {
                NationalIdHash = $"test-{Guid.NewGuid():N}",
                GivenName = givenName,
                FamilyName = familyName,
                BirthDate = new DateOnly(1975, 3, 1),
                Kommunenummer = kommunenummer,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });

    /// <summary>A booking in the given status, with the session's counters kept as the booking rules would keep them.</summary>
    public static Task<Guid> BookAsync(AktivApiFactory app, Guid sessionId, Guid personId, BookingStatus status = BookingStatus.Booked) =>
        app.QueryAsync(async db =>
        {
            var session = await db.ProgrammeSessions.SingleAsync(s => s.Id == sessionId);
            var booking = new ProgrammeBooking
            {
                SessionId = sessionId,
                ProgrammeId = session.ProgrammeId,
                PersonId = personId,
                Status = status,
                CreatedAt = AktivApiFactory.Start,
                CreatedBy = "test",
                StatusChangedAt = AktivApiFactory.Start,
                StatusChangedBy = "test",
            };
            if (status.HoldsAPlace())
            {
                session.Booked++;
            }
            else if (status == BookingStatus.Waiting)
            {
                booking.QueueNumber = session.NextQueueNumber++;
                session.Waiting++;
            }

            db.ProgrammeBookings.Add(booking);
            await db.SaveChangesAsync();
            return booking.Id;
        });

    public static Task<BookingStatus> BookingStatusAsync(AktivApiFactory app, Guid bookingId) =>
        app.QueryAsync(db => db.ProgrammeBookings.Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync());

    /// <summary>The demo trainer «Per Aktiv» (token: <see cref="DemoIdentities.TrainerAktivInstruktorFnr"/>), who leads the test classes.</summary>
    public static Task<Guid> TrainerIdAsync(AktivApiFactory app, string name = "Per Aktiv") =>
        app.QueryAsync(db => db.Trainers.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());

    /// <summary>Makes the programme gym-run and funded: the payer of its claims, the contract (if any) and per head or per session.</summary>
    public static async Task FundedAsync(AktivApiFactory app, TestProgramme programme, Guid payerId, Guid? contractId, ProgrammeFunding funding) =>
        await app.QueryAsync(db => db.Programmes.Where(p => p.Id == programme.ProgrammeId).ExecuteUpdateAsync(u => u
            .SetProperty(p => p.PayerId, payerId).SetProperty(p => p.ContractId, contractId).SetProperty(p => p.Funding, funding)));

    /// <summary>
    /// <paramref name="count"/> new people (synthetic, living in the programme's municipality, born 1980) booked on the
    /// session with the given status, the session's counters kept in step; returns their person ids.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> BookedAsync(AktivApiFactory app, TestProgramme programme, Guid sessionId, int count,
        BookingStatus status = BookingStatus.Attended)
    {
        var kommunenummer = await app.QueryAsync(db => db.Programmes.Where(p => p.Id == programme.ProgrammeId).Select(p => p.Kommunenummer).SingleAsync());
        var people = Enumerable.Range(0, count).Select(i => new Person
        {
            NationalIdHash = "test-" + Guid.NewGuid().ToString("N"),
            GivenName = "Deltaker",
            FamilyName = $"Nr {i + 1}",
            BirthDate = new DateOnly(1980, 5, 17),
            Kommunenummer = kommunenummer,
        }).ToList();
        await app.QueryAsync(async db =>
        {
            db.People.AddRange(people);
            var session = await db.ProgrammeSessions.SingleAsync(s => s.Id == sessionId);
            foreach (var person in people)
            {
                var booking = new ProgrammeBooking
                {
                    SessionId = sessionId,
                    ProgrammeId = programme.ProgrammeId,
                    PersonId = person.Id,
                    Status = status,
                    CreatedAt = AktivApiFactory.Start,
                    CreatedBy = "test",
                    StatusChangedAt = AktivApiFactory.Start,
                    StatusChangedBy = "test",
                };
                if (status == BookingStatus.Waiting)
                {
                    booking.QueueNumber = session.NextQueueNumber++;
                    session.Waiting++;
                }
                else if (status.HoldsAPlace())
                {
                    session.Booked++;
                }

                db.ProgrammeBookings.Add(booking);
            }

            return await db.SaveChangesAsync();
        });
        return [.. people.Select(p => p.Id)];
    }
}
