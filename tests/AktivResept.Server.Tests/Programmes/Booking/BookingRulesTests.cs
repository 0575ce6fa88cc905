using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Programmes.Booking;

/// <summary>
/// The booking rules through HTTP on a real database. The clock stands at Tuesday 24 November 2026, 09:00 in Oslo; the
/// test programme's weekly class is on Tuesdays at 10:00 Oslo time.
/// </summary>
public sealed class BookingRulesTests : IClassFixture<AktivApiFactory>
{
    private readonly AktivApiFactory _app;

    public BookingRulesTests(AktivApiFactory app) => _app = app;

    [Fact]
    public async Task A_free_place_is_booked_a_full_session_queues_in_order_and_declining_the_queue_is_refused()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, capacity: 1);
        var session = programme.SessionIds[1];
        using var staff = _app.AsOsloCoordinator();
        var (a, b, c, d) = (await Person(programme), await Person(programme), await Person(programme), await Person(programme));

        var booked = await staff.BookedAsync(programme, session, a);
        var first = await staff.BookedAsync(programme, session, b);
        var declined = await staff.BookAsync(programme, session, c, waitingList: false);
        var second = await staff.BookedAsync(programme, session, d);

        booked.Status.ShouldBe(BookingStatus.Booked);
        (first.Status, first.QueueNumber).ShouldBe((BookingStatus.Waiting, 1L));
        (await declined.ShouldBeRefusedAsync("programme.booking.full")).GetProperty("date").GetString().ShouldBe("2026-12-01");
        (second.Status, second.QueueNumber).ShouldBe((BookingStatus.Waiting, 2L));
        var view = await staff.GetFromJsonAsync<JsonElement>(BookingKit.BookingsUrl(programme, session));
        view.GetProperty("bookings").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()).ShouldBe([booked.Id]);
        view.GetProperty("waitingList").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()).ShouldBe([first.Id, second.Id]);
        (view.GetProperty("booked").GetInt32(), view.GetProperty("waiting").GetInt32()).ShouldBe((1, 2));

        // Leaving the queue frees no place and promotes nobody.
        (await staff.CancelAsync(programme, first)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await _app.SessionAsync(session);
        (after.Booked, after.Waiting).ShouldBe((1, 1));
        (await _app.BookingsOfAsync(session)).Single(x => x.Id == second.Id).Status.ShouldBe(BookingStatus.Waiting);
    }

    [Fact]
    public async Task Eligibility_is_judged_on_the_session_date_so_a_benefit_ending_the_day_before_is_refused_with_the_nearest_alternative()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 4);
        var fnr = await _app.RegisteredPersonAsync(programme.ProgrammeId, benefitTo: new DateOnly(2026, 11, 30));
        await _app.GiveBenefitAsync(fnr, BenefitKind.WorkAssessmentAllowance, new DateOnly(2026, 12, 8), null);
        using var staff = _app.AsOsloCoordinator();

        var today = await staff.BookAsync(programme, programme.SessionIds[0], fnr);
        var dayAfterBenefit = await staff.BookAsync(programme, programme.SessionIds[1], fnr);

        today.StatusCode.ShouldBe(HttpStatusCode.Created);
        var args = await dayAfterBenefit.ShouldBeRefusedAsync("programme.no-benefit-or-referral");
        args.GetProperty("date").GetString().ShouldBe("2026-12-01");
        args.GetProperty("alternativeSessionId").GetString().ShouldBe(programme.SessionIds[2].ToString());
        args.GetProperty("alternativeDate").GetString().ShouldBe("2026-12-08");
        args.GetProperty("alternativeTime").GetString().ShouldBe("10:00");
        (await _app.BookingsOfAsync(programme.SessionIds[1])).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_person_takes_part_up_to_the_day_before_their_68th_birthday()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var fnr = await _app.RegisteredPersonAsync(programme.ProgrammeId, nationalId: BookingKit.NationalIdBornOn(new DateOnly(1958, 12, 1)));
        using var staff = _app.AsOsloCoordinator();

        var at67 = await staff.BookAsync(programme, programme.SessionIds[0], fnr);
        var on68thBirthday = await staff.BookAsync(programme, programme.SessionIds[1], fnr);

        at67.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await on68thBirthday.ShouldBeRefusedAsync("programme.too-old")).GetProperty("date").GetString().ShouldBe("2026-12-01");
    }

    [Fact]
    public async Task Three_no_shows_within_four_weeks_pause_booking_and_the_refusal_says_until_when_and_why()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 4, from: TestData.Today.AddDays(-21));
        var (paused, twice) = (await Person(programme), await Person(programme));
        await NoShowsAsync(programme, paused, programme.SessionIds.Take(3));
        await NoShowsAsync(programme, twice, programme.SessionIds.Skip(1).Take(2));
        using var staff = _app.AsOsloCoordinator();

        var refused = await staff.BookAsync(programme, programme.SessionIds[3], paused);
        var allowed = await staff.BookAsync(programme, programme.SessionIds[3], twice);

        var args = await refused.ShouldBeRefusedAsync("programme.booking.paused");
        args.GetProperty("until").GetString().ShouldBe("2026-11-30");
        args.GetProperty("count").GetInt32().ShouldBe(3);
        args.GetProperty("from").GetString().ShouldBe("2026-11-03");
        args.GetProperty("to").GetString().ShouldBe("2026-11-17");
        allowed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var personId = await PersonIdAsync(paused);
        (await _app.QueryAsync(db => db.ProgrammeRegistrations.SingleAsync(r => r.ProgrammeId == programme.ProgrammeId && r.PersonId == personId)))
            .PausedUntil.ShouldBe(new DateOnly(2026, 11, 30));
    }

    [Fact]
    public async Task At_most_three_bookings_in_the_sessions_ISO_week()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 3);
        var tuesday = programme.SessionIds[1];
        var wednesday = await _app.ExtraSessionAsync(programme, Utc(2026, 12, 2, 9));
        var thursday = await _app.ExtraSessionAsync(programme, Utc(2026, 12, 3, 9));
        var friday = await _app.ExtraSessionAsync(programme, Utc(2026, 12, 4, 9));
        var fnr = await Person(programme);
        using var staff = _app.AsOsloCoordinator();

        foreach (var session in new[] { tuesday, wednesday, thursday })
        {
            await staff.BookedAsync(programme, session, fnr);
        }

        var fourth = await staff.BookAsync(programme, friday, fnr);
        var nextWeek = await staff.BookAsync(programme, programme.SessionIds[2], fnr);

        var args = await fourth.ShouldBeRefusedAsync("programme.booking.weekly-limit");
        (args.GetProperty("max").GetInt32(), args.GetProperty("week").GetInt32()).ShouldBe((3, 49));
        nextWeek.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Overlapping_sessions_are_refused_but_back_to_back_ones_are_not()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var overlapping = await _app.ExtraSessionAsync(programme, Utc(2026, 12, 1, 9, 30));
        var afterwards = await _app.ExtraSessionAsync(programme, Utc(2026, 12, 1, 10));
        var fnr = await Person(programme);
        using var staff = _app.AsOsloCoordinator();
        await staff.BookedAsync(programme, programme.SessionIds[1], fnr);

        var clash = await staff.BookAsync(programme, overlapping, fnr);
        var next = await staff.BookAsync(programme, afterwards, fnr);
        var again = await staff.BookAsync(programme, programme.SessionIds[1], fnr);

        (await clash.ShouldBeRefusedAsync("programme.booking.overlap")).GetProperty("time").GetString().ShouldBe("10:00");
        next.StatusCode.ShouldBe(HttpStatusCode.Created);
        await again.ShouldBeRefusedAsync("programme.booking.already-booked");
    }

    [Fact]
    public async Task Past_and_cancelled_sessions_are_refused_and_nothing_is_saved()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 4, from: TestData.Today.AddDays(-14));
        var cancelled = programme.SessionIds[3];
        await _app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == cancelled).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.CancelledAt, AktivApiFactory.Start).SetProperty(s => s.CancellationReason, "Instruktøren er syk")));
        var fnr = await Person(programme);
        using var staff = _app.AsOsloCoordinator();

        var past = await staff.BookAsync(programme, programme.SessionIds[0], fnr);
        var off = await staff.BookAsync(programme, cancelled, fnr);

        (await past.ShouldBeRefusedAsync("programme.booking.session-past")).GetProperty("date").GetString().ShouldBe("2026-11-10");
        (await off.ShouldBeRefusedAsync("programme.booking.session-cancelled")).GetProperty("reason").GetString().ShouldBe("Instruktøren er syk");
        (await _app.BookingsOfAsync(programme.SessionIds[0])).ShouldBeEmpty();
        (await _app.SessionAsync(cancelled)).Booked.ShouldBe(0);
    }

    [Fact]
    public async Task Cancelling_within_24_hours_of_the_start_is_recorded_as_late()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var fnr = await Person(programme);
        using var staff = _app.AsOsloCoordinator();
        var inAnHour = await staff.BookedAsync(programme, programme.SessionIds[0], fnr);
        var nextWeek = await staff.BookedAsync(programme, programme.SessionIds[1], fnr);

        var late = await (await staff.CancelAsync(programme, inAnHour)).Content.ReadFromJsonAsync<BookingKit.BookingDto>(Json.Options);
        var early = await (await staff.CancelAsync(programme, nextWeek)).Content.ReadFromJsonAsync<BookingKit.BookingDto>(Json.Options);
        var twice = await staff.CancelAsync(programme, nextWeek);

        late!.Status.ShouldBe(BookingStatus.LateCancelled);
        early!.Status.ShouldBe(BookingStatus.Cancelled);
        await twice.ShouldBeRefusedAsync("programme.booking.not-cancellable");
        (await _app.SessionAsync(programme.SessionIds[0])).Booked.ShouldBe(0);
    }

    [Fact]
    public async Task Registration_is_once_per_programme_and_needs_a_benefit_or_a_referral()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 1);
        var fnr = TestData.NewNationalId();
        await _app.GiveBenefitAsync(fnr, BenefitKind.DisabilityBenefit, TestData.Today.AddYears(-1), null);
        var without = TestData.NewNationalId();
        using var staff = _app.AsOsloCoordinator();
        var url = $"/api/programmes/{programme.ProgrammeId}/registrations";

        var first = await staff.PostAsJsonAsync(url, BookingKit.NewPerson(fnr));
        var again = await staff.PostAsJsonAsync(url, BookingKit.NewPerson(fnr));
        var refused = await staff.PostAsJsonAsync(url, BookingKit.NewPerson(without));

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (a, b) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await again.Content.ReadFromJsonAsync<JsonElement>());
        b.GetProperty("id").GetGuid().ShouldBe(a.GetProperty("id").GetGuid());
        a.GetProperty("basis").GetString().ShouldBe("Benefit");
        await refused.ShouldBeRefusedAsync("programme.no-benefit-or-referral");
        (await _app.QueryAsync(db => db.ProgrammeRegistrations.CountAsync(r => r.ProgrammeId == programme.ProgrammeId))).ShouldBe(1);
    }

    [Fact]
    public async Task A_NAV_counsellors_programme_referral_lets_a_person_without_a_benefit_register_and_book()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var fnr = TestData.NewNationalId();
        using var nav = _app.AsNavCounsellor();
        using var gp = _app.AsGp();
        using var frisklivs = _app.AsFrisklivssentral();
        using var staff = _app.AsOsloCoordinator();
        var referral = new { nationalId = fnr, givenName = "Henvist", familyName = "Deltaker", kommunenummer = "0301", validFrom = "2026-11-24", validTo = "2027-02-28" };

        var issued = await nav.PostAsJsonAsync("/api/programme-referrals", referral);
        var byGp = await gp.PostAsJsonAsync("/api/programme-referrals", referral);
        var backwards = await nav.PostAsJsonAsync("/api/programme-referrals", referral with { validTo = "2026-11-01" });

        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var id = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await byGp.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("programme.referral.issuer-only");
        (await backwards.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("validTo")[0].GetProperty("code").GetString()
            .ShouldBe("programme.referral.period");
        (await nav.GetFromJsonAsync<JsonElement>("/api/programme-referrals")).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ShouldContain(id);
        (await nav.GetAsync($"/api/programme-referrals/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await frisklivs.GetAsync($"/api/programme-referrals/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var registered = await staff.PostAsJsonAsync($"/api/programmes/{programme.ProgrammeId}/registrations", new { nationalId = fnr });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("basis").GetString().ShouldBe("Referral");
        (await staff.BookedAsync(programme, programme.SessionIds[1], fnr)).Status.ShouldBe(BookingStatus.Booked);
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(r => r.Resource == $"ProgrammeReferral/{id}" && r.Action == "create"))).ShouldBe(1);
    }

    [Fact]
    public async Task Only_a_referral_to_the_programmes_own_municipality_lets_in_a_person_whose_benefit_has_ended()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 3);
        var fnr = await _app.RegisteredPersonAsync(programme.ProgrammeId, benefitTo: TestData.Today);
        using var nav = _app.AsNavCounsellor();
        using var staff = _app.AsOsloCoordinator();
        var referral = new { nationalId = fnr, givenName = "Henvist", familyName = "Deltaker", kommunenummer = "4601", validFrom = "2026-11-24", validTo = "2027-02-28" };

        (await nav.PostAsJsonAsync("/api/programme-referrals", referral)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await staff.BookAsync(programme, programme.SessionIds[2], fnr)).ShouldBeRefusedAsync("programme.no-benefit-or-referral");
        (await nav.PostAsJsonAsync("/api/programme-referrals", referral with { kommunenummer = "0301" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await staff.BookedAsync(programme, programme.SessionIds[2], fnr)).Status.ShouldBe(BookingStatus.Booked);
    }

    [Fact]
    public async Task A_participant_books_and_cancels_for_herself_and_sees_only_her_own_bookings()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var fnr = TestData.NewNationalId();
        await _app.GiveBenefitAsync(fnr, BenefitKind.SicknessBenefit, TestData.Today.AddDays(-10), null);
        var someoneElse = await Person(programme);
        using var me = _app.AsParticipant(fnr);
        using var other = _app.AsParticipant(someoneElse);

        (await me.PostAsJsonAsync($"/api/programmes/{programme.ProgrammeId}/registrations", BookingKit.NewPerson(fnr))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var booking = await me.BookedAsync(programme, programme.SessionIds[1], null);
        var forAnother = await me.BookAsync(programme, programme.SessionIds[1], someoneElse);
        var othersCancel = await other.CancelAsync(programme, booking);
        var mine = await me.GetFromJsonAsync<List<BookingKit.BookingDto>>("/api/programme-bookings/mine", Json.Options);
        var theirs = await other.GetFromJsonAsync<List<BookingKit.BookingDto>>("/api/programme-bookings/mine", Json.Options);
        var cancel = await me.CancelAsync(programme, booking);

        booking.Status.ShouldBe(BookingStatus.Booked);
        (await forAnother.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("nationalId")[0].GetProperty("code").GetString()
            .ShouldBe("programme.booking.other-person");
        await othersCancel.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        mine!.Select(b => b.Id).ShouldBe([booking.Id]);
        theirs!.ShouldBeEmpty();
        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await me.GetAsync(BookingKit.BookingsUrl(programme, programme.SessionIds[1]))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_and_not_yours_are_404_a_malformed_body_is_400_naming_the_field_and_other_roles_are_403()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var otherProgramme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, weeks: 2);
        var session = programme.SessionIds[1];
        var fnr = await Person(programme);
        using var staff = _app.AsOsloCoordinator();
        using var bergen = _app.AsBergenCoordinator();
        using var gp = _app.AsGp();

        await (await staff.BookAsync(programme with { ProgrammeId = Guid.NewGuid() }, session, fnr)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await staff.BookAsync(programme, Guid.NewGuid(), fnr)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await staff.BookAsync(programme, otherProgramme.SessionIds[1], fnr)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await bergen.BookAsync(programme, session, fnr)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await bergen.GetAsync(BookingKit.BookingsUrl(programme, session))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await staff.PostAsJsonAsync($"{BookingKit.BookingsUrl(programme, session)}/{Guid.NewGuid()}/cancel", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await gp.BookAsync(programme, session, fnr)).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("programme.booking.role");

        var wrongType = await staff.PostAsync(BookingKit.BookingsUrl(programme, session),
            new StringContent($$"""{"nationalId":"{{fnr}}","waitingList":"yes"}""", System.Text.Encoding.UTF8, "application/json"));
        var noPerson = await staff.PostAsJsonAsync(BookingKit.BookingsUrl(programme, session), new { waitingList = true });
        var badId = await staff.BookAsync(programme, session, "12345678901");

        (await wrongType.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("waitingList", out _).ShouldBeTrue();
        (await noPerson.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("nationalId")[0].GetProperty("code").GetString().ShouldBe("required");
        (await badId.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("nationalId", out _).ShouldBeTrue();
        (await _app.BookingsOfAsync(session)).ShouldBeEmpty();
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(r => r.Resource == $"ProgrammeSession/{session}/bookings" && r.Outcome == Server.Common.Audit.AuditOutcome.Denied)))
            .ShouldBeGreaterThanOrEqualTo(2);
    }

    private Task<string> Person(TestProgramme programme) => _app.RegisteredPersonAsync(programme.ProgrammeId);

    private async Task<Guid> PersonIdAsync(string fnr)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(fnr);
        return await _app.QueryAsync(db => db.People.Where(p => p.NationalIdHash == hash).Select(p => p.Id).SingleAsync());
    }

    private async Task NoShowsAsync(TestProgramme programme, string fnr, IEnumerable<Guid> sessions)
    {
        var person = await PersonIdAsync(fnr);
        await _app.QueryAsync(db =>
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

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
