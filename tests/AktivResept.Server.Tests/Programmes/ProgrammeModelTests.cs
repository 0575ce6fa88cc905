using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes;

/// <summary>The database itself keeps a session within its places, whatever code writes to it.</summary>
public sealed class ProgrammeModelTests : IClassFixture<AktivApiFactory>
{
    private readonly AktivApiFactory _app;

    public ProgrammeModelTests(AktivApiFactory app) => _app = app;

    [Fact]
    public async Task A_session_cannot_hold_more_places_than_its_capacity()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, capacity: 2, weeks: 1);
        var session = programme.SessionIds[0];

        var full = await _app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == session).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, 2)));
        var over = await Should.ThrowAsync<Exception>(() =>
            _app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == session).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, 3))));

        full.ShouldBe(1);
        over.Message.ShouldContain("CK_ProgrammeSessions_Booked", Case.Insensitive);
        (await _app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == session).Select(s => s.Booked).SingleAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task A_term_is_unrolled_into_one_session_a_week_at_the_same_Oslo_time()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 4);

        var sessions = await _app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.SeriesId == programme.SeriesId).OrderBy(s => s.Date).ToListAsync());

        sessions.Count.ShouldBe(4);
        sessions.ShouldAllBe(s => s.Date.DayOfWeek == DayOfWeek.Tuesday && s.Capacity == 10 && s.Booked == 0);
        sessions.Zip(sessions.Skip(1)).ShouldAllBe(p => p.Second.Date.DayNumber - p.First.Date.DayNumber == 7);
    }
}
