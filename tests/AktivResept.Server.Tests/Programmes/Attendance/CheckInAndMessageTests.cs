using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Attendance;

/// <summary>Gym check-ins pre-fill the register (once, whatever is retried); notes reach each booked person once, without health data.</summary>
public sealed class CheckInAndMessageTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _anonymous = app.CreateClient();

    private HttpClient Instructor => app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr);

    [Fact]
    public async Task A_gym_check_in_at_the_sessions_location_prefills_attended_and_a_retried_webhook_changes_nothing()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(app));
        var session = programme.SessionIds[0];
        var (kari, kariRef) = await MemberAsync("Kari", "Nordmann");
        var (ola, olaRef) = await MemberAsync("Ola", "Hansen");
        var kariBooking = await ProgrammeTestData.BookAsync(app, session, kari);
        var olaBooking = await ProgrammeTestData.BookAsync(app, session, ola);
        var integration = await app.CreateIntegrationAsync();
        var now = app.Clock.GetUtcNow();
        var body = AttendanceKit.Batch(
            AttendanceKit.Event("door-1", DemoIdentities.GrunerlokkaLocationId, kariRef, now),
            AttendanceKit.Event("door-2", DemoIdentities.MajorstuenLocationId, olaRef, now));

        var first = await _anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_programme_checkin"));
        var prefilled = await ProgrammeTestData.BookingStatusAsync(app, kariBooking);
        var register = await Instructor.GetFromJsonAsync<JsonElement>($"/api/programmes/sessions/{session}/attendance", Json.Options);
        // The instructor knows better: Kari left at once. A retry of the delivery, or the same event again, must not put her back.
        (await Instructor.PutAsJsonAsync($"/api/programmes/sessions/{session}/attendance/{kariBooking}", new { status = "no-show" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var retry = await _anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_programme_checkin"));
        var again = await _anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_programme_checkin_again"));

        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        prefilled.ShouldBe(BookingStatus.Attended);
        var kariEntry = register.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("bookingId").GetGuid() == kariBooking);
        kariEntry.GetProperty("checkedIn").GetBoolean().ShouldBeTrue();
        retry.Headers.GetValues("webhook-replayed").ShouldBe(["true"]);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadJsonAsync()).GetProperty("duplicates").GetInt32().ShouldBe(2);
        (await ProgrammeTestData.BookingStatusAsync(app, kariBooking)).ShouldBe(BookingStatus.NoShow);
        (await ProgrammeTestData.BookingStatusAsync(app, olaBooking)).ShouldBe(BookingStatus.Booked);
        (await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.ParticipantId == kari))).ShouldBe(1);
    }

    [Fact]
    public async Task A_check_in_long_before_the_session_does_not_prefill_it()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(app));
        var (kari, kariRef) = await MemberAsync("Kari", "Tidlig");
        var booking = await ProgrammeTestData.BookAsync(app, programme.SessionIds[0], kari);
        var integration = await app.CreateIntegrationAsync();
        var startsAt = await app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == programme.SessionIds[0]).Select(s => s.StartsAt).SingleAsync());

        var response = await _anonymous.SendAsync(app.Signed(integration,
            AttendanceKit.Batch(AttendanceKit.Event("early-1", DemoIdentities.GrunerlokkaLocationId, kariRef, startsAt - SessionAttendance.CheckInBeforeStart - TimeSpan.FromMinutes(1)))));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ProgrammeTestData.BookingStatusAsync(app, booking)).ShouldBe(BookingStatus.Booked);
    }

    [Fact]
    public async Task A_message_reaches_each_person_with_a_place_once_and_carries_only_the_time_and_the_text()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(app));
        var session = programme.SessionIds[0];
        var booked = new List<Guid>();
        foreach (var (given, family, status) in new[] { ("Kari", "Nordmann", BookingStatus.Booked), ("Ola", "Hansen", BookingStatus.Attended), ("Vera", "Venter", BookingStatus.Waiting), ("Carl", "Avbud", BookingStatus.Cancelled) })
        {
            var person = await ProgrammeTestData.PersonAsync(app, given, family);
            await ProgrammeTestData.BookAsync(app, session, person, status);
            if (status.HoldsAPlace())
            {
                booked.Add(person);
            }
        }

        var sent = await Instructor.PostAsJsonAsync($"/api/programmes/sessions/{session}/messages", new { text = "Vi møtes ute ved inngangen i dag." });

        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients").GetInt32().ShouldBe(2);
        // The note is in each one's inbox with the session; the SMS only says there is a message.
        var notes = await app.QueryAsync(db => db.InboxMessages.Where(m => m.RecipientKind == RecipientKind.Participant && m.Type == PrescriptionEventType.SessionNote && m.Data.Contains(session.ToString())).ToListAsync());
        notes.Select(m => m.RecipientId).ShouldBe(booked, ignoreOrder: true);
        notes.ShouldAllBe(m => m.PrescriptionId == null && m.ReadAt == null);
        var note = JsonSerializer.Deserialize<SessionNoteData>(notes[0].Data, JsonSerializerOptions.Web).ShouldNotBeNull();
        (note.SessionId, note.Text, note.StartsAt).ShouldBe((session, "Vi møtes ute ved inngangen i dag.", await app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == session).Select(s => s.StartsAt).SingleAsync())));
        var queued = await app.QueryAsync(db => db.OutboxMessages.Where(m => m.RecipientKind == RecipientKind.Participant && booked.Contains(m.RecipientId)).ToListAsync());
        queued.Select(m => m.RecipientId).ShouldBe(booked, ignoreOrder: true);
        queued.ShouldAllBe(m => m.Text == MessageTexts.NewMessage && m.Channel == MessageChannel.Sms);
        var audited = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Resource == $"ProgrammeSession/{session}/messages" && a.Action == AuditAction.Create && a.Outcome == AuditOutcome.Success)
            .Select(a => a.SubjectPersonId).ToListAsync());
        audited.ShouldBe(booked.Select(p => (Guid?)p), ignoreOrder: true);
    }

    [Theory]
    [InlineData("Husk medisinene dine i dag", "programme.message-health-data", HttpStatusCode.UnprocessableEntity)]
    [InlineData("Kari har fått diagnosen, hun kommer ikke", "programme.message-health-data", HttpStatusCode.UnprocessableEntity)]
    [InlineData("Gjelder 12837810092", "programme.message-national-id", HttpStatusCode.UnprocessableEntity)]
    [InlineData("   ", "programme.message-required", HttpStatusCode.BadRequest)]
    public async Task A_message_with_health_data_a_national_id_or_no_text_is_refused_and_nothing_is_queued(string text, string code, HttpStatusCode status)
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(app));
        var person = await ProgrammeTestData.PersonAsync(app, "Kari", "Nordmann");
        await ProgrammeTestData.BookAsync(app, programme.SessionIds[0], person);

        var response = await Instructor.PostAsJsonAsync($"/api/programmes/sessions/{programme.SessionIds[0]}/messages", new { text });

        var problem = await response.ShouldBeProblemAsync(status);
        (problem.TryGetProperty("code", out var c) ? c.GetString() : problem.GetProperty("errors").GetProperty("text")[0].GetProperty("code").GetString()).ShouldBe(code);
        (await app.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.RecipientId == person))).ShouldBe(0);
    }

    [Fact]
    public async Task A_message_longer_than_the_limit_is_a_400_and_outsiders_get_404()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(app));
        var person = await ProgrammeTestData.PersonAsync(app, "Kari", "Nordmann");
        await ProgrammeTestData.BookAsync(app, programme.SessionIds[0], person);
        var url = $"/api/programmes/sessions/{programme.SessionIds[0]}/messages";

        var tooLong = await Instructor.PostAsJsonAsync(url, new { text = new string('a', SessionMessage.MaxLength + 1) });
        var otherTrainer = await app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerSharedPositionFnr).PostAsJsonAsync(url, new { text = "Hei" });
        var gym = await app.AsBergenGym().PostAsJsonAsync(url, new { text = "Hei" });

        (await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("text")[0].GetProperty("code").GetString().ShouldBe("programme.message-too-long");
        await otherTrainer.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await gym.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.RecipientId == person))).ShouldBe(0);
    }

    [Fact]
    public async Task Programme_attendance_is_shown_beside_a_prescriptions_adherence_without_being_added_to_it()
    {
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: $"m-{Guid.NewGuid():N}");
        var person = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == prescription).Select(p => p.ParticipantId).SingleAsync());
        var lastWeek = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 3, from: AktivResept.Domain.Calendar.OsloCalendar.DateOf(AktivApiFactory.Start).AddDays(-7));
        var sameDay = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, from: AktivResept.Domain.Calendar.OsloCalendar.DateOf(AktivApiFactory.Start).AddDays(-7));
        await ProgrammeTestData.BookAsync(app, lastWeek.SessionIds[0], person, BookingStatus.Attended);
        await ProgrammeTestData.BookAsync(app, sameDay.SessionIds[0], person, BookingStatus.Attended);
        await ProgrammeTestData.BookAsync(app, lastWeek.SessionIds[1], person, BookingStatus.NoShow);
        await ProgrammeTestData.BookAsync(app, lastWeek.SessionIds[2], person);

        var summary = await app.AsGp().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/programme-attendance", Json.Options);
        var outsider = await app.AsBergenGym().GetAsync($"/api/prescriptions/{prescription}/programme-attendance");

        summary.GetProperty("attendedDays").GetInt32().ShouldBe(1);
        summary.GetProperty("noShows").GetInt32().ShouldBe(1);
        summary.GetProperty("upcoming").GetInt32().ShouldBe(1);
        await outsider.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(0);

        var browser = app.Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        await browser.SignInAsync("gp");
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/henvisninger/{prescription}"));
        page.ShouldContain("data-testid=\"programme-attendance\"");
        page.ShouldContain("Møtt 1 dager, ikke møtt 1 ganger, 1 timer booket framover.");
    }

    /// <summary>A person the Oslo gym knows by a member number (so its door system can report them).</summary>
    private async Task<(Guid Person, string MemberRef)> MemberAsync(string given, string family)
    {
        var person = await ProgrammeTestData.PersonAsync(app, given, family);
        var memberRef = $"m-{Guid.NewGuid():N}"[..20];
        await app.QueryAsync(async db =>
        {
            var provider = await db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync();
            db.MemberLinks.Add(new MemberLink { ProviderId = provider, MemberRef = memberRef, ParticipantId = person, LinkedAt = AktivApiFactory.Start });
            return await db.SaveChangesAsync();
        });
        return (person, memberRef);
    }
}
