using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Programmes.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Programmes.Participant;

/// <summary>
/// The participant's own «Aktiv på dagtid» reads through HTTP on PostgreSQL: the timetable filtered for me and my
/// bookings with the no-show rule as it stands. The clock stands at Tuesday 24 November 2026, 09:00 in Oslo; the test
/// class is on Tuesdays at 10:00 Oslo time.
/// </summary>
public sealed class MyProgrammeReadsTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string Timetable = "/api/programme-bookings/mine/timetable";
    private const string Overview = "/api/programme-bookings/mine/overview";

    [Fact]
    public async Task My_timetable_shows_my_place_in_the_queue_the_instructors_first_name_and_free_places_and_filters_by_accessibility()
    {
        var per = await ProgrammeTestData.TrainerIdAsync(app);
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 1, weeks: 2, instructorTrainerId: per);
        await WithAccessibilityAsync(programme, AccessibilityFeature.Elevator);
        var (first, second) = (await app.RegisteredPersonAsync(programme.ProgrammeId), await app.RegisteredPersonAsync(programme.ProgrammeId));
        using var a = app.AsParticipant(first);
        using var b = app.AsParticipant(second);
        await a.BookedAsync(programme, programme.SessionIds[1], null);
        var queued = await b.BookedAsync(programme, programme.SessionIds[1], null);

        var mine = await b.GetFromJsonAsync<JsonElement>(Timetable);
        var stepFree = await b.GetFromJsonAsync<JsonElement>($"{Timetable}?accessibility=StepFreeEntrance");
        var landing = await b.GetFromJsonAsync<JsonElement>($"{Timetable}?accessibility=StepFreeEntrance&sessionId={programme.SessionIds[0]}");
        var elevator = await b.GetFromJsonAsync<JsonElement>($"{Timetable}?accessibility=elevator");

        mine.GetProperty("kommunenummer").GetString().ShouldBe("0301");
        mine.GetProperty("programmes").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == programme.ProgrammeId).GetProperty("registered").GetBoolean().ShouldBeTrue();
        var sessions = Of(mine, programme);
        sessions.Select(s => s.GetProperty("id").GetGuid()).ShouldBe(programme.SessionIds);
        var full = sessions[1];
        (full.GetProperty("freePlaces").GetInt32(), full.GetProperty("waiting").GetInt32()).ShouldBe((0, 1));
        full.GetProperty("instructor").GetString().ShouldBe("Per");
        full.GetProperty("startTime").GetString().ShouldBe("10:00");
        var booking = full.GetProperty("mine");
        (booking.GetProperty("id").GetGuid(), booking.GetProperty("status").GetString(), booking.GetProperty("queuePosition").GetInt32())
            .ShouldBe((queued.Id, "Waiting", 1));
        sessions[0].GetProperty("mine").ValueKind.ShouldBe(JsonValueKind.Null);
        sessions[0].GetProperty("freePlaces").GetInt32().ShouldBe(1);
        Of(stepFree, programme).ShouldBeEmpty();
        Of(landing, programme).Select(s => s.GetProperty("id").GetGuid()).ShouldBe([programme.SessionIds[0]]);
        Of(elevator, programme).Count.ShouldBe(2);

        var person = await PersonIdAsync(second);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(r => r.Resource == $"ProgrammeBooking/{queued.Id}" && r.Action == "read" && r.SubjectPersonId == person)))
            .ShouldBe(2);
    }

    [Fact]
    public async Task A_referred_person_not_yet_registered_may_register_themself_and_someone_without_a_basis_is_told_why()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1);
        var referred = TestData.NewNationalId();
        using var nav = app.AsNavCounsellor();
        (await nav.PostAsJsonAsync("/api/programme-referrals", new
        {
            nationalId = referred,
            givenName = "Henvist",
            familyName = "Deltaker",
            kommunenummer = "0301",
            validFrom = "2026-11-24",
            validTo = "2027-02-28",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var participant = app.AsParticipant(referred);
        using var stranger = app.AsParticipant(TestData.NewNationalId());

        var before = await participant.GetFromJsonAsync<JsonElement>(Timetable);
        var registered = await participant.PostAsJsonAsync($"/api/programmes/{programme.ProgrammeId}/registrations", new { });
        var after = await participant.GetFromJsonAsync<JsonElement>(Timetable);
        var unknown = await stranger.GetFromJsonAsync<JsonElement>($"{Timetable}?kommunenummer=0301");

        var offered = ProgrammeOf(before, programme);
        (offered.GetProperty("registered").GetBoolean(), offered.GetProperty("eligible").GetBoolean()).ShouldBe((false, true));
        Of(before, programme).Single().GetProperty("registered").GetBoolean().ShouldBeFalse();
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("basis").GetString().ShouldBe("Referral");
        ProgrammeOf(after, programme).GetProperty("registered").GetBoolean().ShouldBeTrue();
        Of(after, programme).Single().GetProperty("registered").GetBoolean().ShouldBeTrue();
        var refused = ProgrammeOf(unknown, programme);
        (refused.GetProperty("eligible").GetBoolean(), refused.GetProperty("refusalCode").GetString()).ShouldBe((false, "programme.no-benefit-or-referral"));
        Of(unknown, programme).ShouldBeEmpty();
    }

    [Fact]
    public async Task My_overview_splits_upcoming_from_past_gives_the_late_cancellation_instant_and_explains_the_no_show_rule()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 5, from: TestData.Today.AddDays(-21));
        var (counting, paused) = (await app.RegisteredPersonAsync(programme.ProgrammeId), await app.RegisteredPersonAsync(programme.ProgrammeId));
        await NoShowsAsync(programme, counting, programme.SessionIds.Skip(1).Take(2));
        await NoShowsAsync(programme, paused, programme.SessionIds.Take(3));
        using var participant = app.AsParticipant(counting);
        var next = await participant.BookedAsync(programme, programme.SessionIds[4], null);

        var view = await participant.GetFromJsonAsync<JsonElement>(Overview);
        var pausedView = await app.AsParticipant(paused).GetFromJsonAsync<JsonElement>(Overview);

        var upcoming = view.GetProperty("upcoming").EnumerateArray().ToList();
        upcoming.Select(b => b.GetProperty("id").GetGuid()).ShouldBe([next.Id]);
        upcoming[0].GetProperty("lateCancellationFrom").GetDateTimeOffset().ShouldBe(next.StartsAt.AddHours(-24));
        upcoming[0].GetProperty("title").GetString().ShouldBe("Styrke");
        view.GetProperty("past").EnumerateArray().Select(b => b.GetProperty("status").GetString()).ShouldBe(["NoShow", "NoShow"]);
        var status = NoShowOf(view, programme);
        (status.GetProperty("noShows").GetInt32(), status.GetProperty("noShowsBeforePause").GetInt32(), status.GetProperty("windowDays").GetInt32()).ShouldBe((2, 3, 28));
        status.GetProperty("pausedUntil").ValueKind.ShouldBe(JsonValueKind.Null);
        status.GetProperty("oldestCountsUntil").GetString().ShouldBe("2026-12-07");
        var pause = NoShowOf(pausedView, programme);
        (pause.GetProperty("noShows").GetInt32(), pause.GetProperty("pausedUntil").GetString()).ShouldBe((3, "2026-11-30"));
    }

    [Fact]
    public async Task Only_a_participant_reads_their_own_and_bad_filters_name_the_field()
    {
        using var participant = app.AsParticipant(TestData.NewNationalId());
        using var coordinator = app.AsOsloCoordinator();

        var staffTimetable = await coordinator.GetAsync(Timetable);
        var staffOverview = await coordinator.GetAsync(Overview);
        var badMunicipality = await participant.GetAsync($"{Timetable}?kommunenummer=03x1");
        var badFeature = await participant.GetAsync($"{Timetable}?accessibility=Elevator,Trampoline");
        var unknownPerson = await participant.GetFromJsonAsync<JsonElement>(Overview);

        (await staffTimetable.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("programme.booking.role");
        (await staffOverview.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("programme.booking.role");
        (await badMunicipality.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("kommunenummer", out _).ShouldBeTrue();
        (await badFeature.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("accessibility")[0].GetProperty("code").GetString().ShouldBe("one-of");
        unknownPerson.GetProperty("upcoming").GetArrayLength().ShouldBe(0);
    }

    private static List<JsonElement> Of(JsonElement view, TestProgramme programme) =>
        [.. view.GetProperty("sessions").EnumerateArray().Where(s => s.GetProperty("programmeId").GetGuid() == programme.ProgrammeId)];

    private static JsonElement ProgrammeOf(JsonElement view, TestProgramme programme) =>
        view.GetProperty("programmes").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == programme.ProgrammeId);

    private static JsonElement NoShowOf(JsonElement view, TestProgramme programme) =>
        view.GetProperty("noShows").EnumerateArray().Single(p => p.GetProperty("programmeId").GetGuid() == programme.ProgrammeId);

    private Task<int> WithAccessibilityAsync(TestProgramme programme, params AccessibilityFeature[] features) =>
        app.QueryAsync(async db =>
        {
            var series = await db.ProgrammeSeries.SingleAsync(s => s.Id == programme.SeriesId);
            series.AccessibilityFeatures = [.. features];
            return await db.SaveChangesAsync();
        });

    private async Task<Guid> PersonIdAsync(string fnr)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(fnr);
        return await app.QueryAsync(db => db.People.Where(p => p.NationalIdHash == hash).Select(p => p.Id).SingleAsync());
    }

    private async Task NoShowsAsync(TestProgramme programme, string fnr, IEnumerable<Guid> sessions)
    {
        var person = await PersonIdAsync(fnr);
        await app.QueryAsync(db =>
        {
            db.ProgrammeBookings.AddRange(sessions.Select(s => new ProgrammeBooking
            {
                SessionId = s,
                ProgrammeId = programme.ProgrammeId,
                PersonId = person,
                Status = BookingStatus.NoShow,
                CreatedAt = AktivApiFactory.Start.AddDays(-30),
                CreatedBy = "test",
                StatusChangedAt = AktivApiFactory.Start.AddDays(-30),
                StatusChangedBy = "test",
            }));
            return db.SaveChangesAsync();
        });
    }
}
