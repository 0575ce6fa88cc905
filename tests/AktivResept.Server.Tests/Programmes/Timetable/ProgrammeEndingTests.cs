using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Programmes.Booking;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Timetable;

/// <summary>Ending a programme: later dates are cancelled through the one cancellation path; earlier ones, and the past, stay.</summary>
public sealed class ProgrammeEndingTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Ending_a_programme_cancels_the_later_dates_and_tells_each_booked_or_waiting_person_the_reason()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 1, weeks: 4);
        var sessions = await app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.ProgrammeId == programme.ProgrammeId).OrderBy(s => s.StartsAt).ToListAsync());
        var kari = await ProgrammeTestData.PersonAsync(app, "Kari", "Slutt");
        var ola = await ProgrammeTestData.PersonAsync(app, "Ola", "Slutt");
        await app.BookAsync(sessions[1].Id, (kari, BookingStatus.Booked));
        await app.BookAsync(sessions[3].Id, (kari, BookingStatus.Booked), (ola, BookingStatus.Waiting));
        using var coordinator = app.AsOsloCoordinator();
        var url = $"/api/programmes/{programme.ProgrammeId}/end";
        var lastDay = sessions[1].Date;

        var yesterday = await coordinator.PostAsJsonAsync(url, new { endsOn = OsloCalendar.DateOf(app.Clock.GetUtcNow()).AddDays(-1), reason = "Budsjettet er brukt opp" });
        var noReason = await coordinator.PostAsJsonAsync(url, new { endsOn = lastDay, reason = " " });
        var bergen = await app.AsBergenCoordinator().PostAsJsonAsync(url, new { endsOn = lastDay, reason = "Budsjettet er brukt opp" });
        var otherGym = await app.ClientAs(Roles.ProviderAdmin, org: DemoIdentities.SterkHverdagOrg).PostAsJsonAsync(url, new { endsOn = lastDay, reason = "Budsjettet er brukt opp" });
        var ended = await coordinator.PostAsJsonAsync(url, new { endsOn = lastDay, reason = "Budsjettet er brukt opp" });
        var again = await coordinator.PostAsJsonAsync(url, new { endsOn = lastDay, reason = "Budsjettet er brukt opp" });

        (await yesterday.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("endsOn")[0].GetProperty("code").GetString().ShouldBe("programme.end-date");
        (await noReason.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        bergen.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        otherGym.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = await ended.BodyAsync(HttpStatusCode.OK);
        body.GetProperty("cancelledSessions").GetInt32().ShouldBe(2);
        body.GetProperty("notified").GetInt32().ShouldBe(2);
        body.GetProperty("endedAt").GetDateTimeOffset().ShouldBe(OsloCalendar.StartOf(lastDay.AddDays(1)));
        await again.ShouldBeRefusedAsync("programme.already-ended");

        var after = await app.QueryAsync(db => db.ProgrammeSessions.AsNoTracking().Where(s => s.ProgrammeId == programme.ProgrammeId).OrderBy(s => s.StartsAt).ToListAsync());
        after.Select(s => s.CancellationReason).ShouldBe([null, null, "Budsjettet er brukt opp", "Budsjettet er brukt opp"]);
        (after[3].Booked, after[3].Waiting).ShouldBe((0, 0));
        (await app.BookingsOfAsync(sessions[1].Id)).ShouldHaveSingleItem().Status.ShouldBe(BookingStatus.Booked);
        (await app.BookingsOfAsync(sessions[3].Id)).Select(b => b.Status).ShouldAllBe(s => s == BookingStatus.SessionCancelled);
        var sms = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.RecipientId == kari || m.RecipientId == ola).ToListAsync());
        sms.Count.ShouldBe(2);
        sms.Select(m => m.RecipientId).ShouldBe([kari, ola], ignoreOrder: true);
        // The SMS only says there is a message; the reason is in the person's inbox (issue 14).
        sms.ShouldAllBe(m => m.Text == Server.Features.Notifications.Messaging.MessageTexts.NewMessage && m.Channel == MessageChannel.Sms);
        var told = await app.QueryAsync(db => db.InboxMessages.AsNoTracking()
            .Where(m => m.Type == PrescriptionEventType.SessionCancelled && (m.RecipientId == kari || m.RecipientId == ola)).ToListAsync());
        told.Select(m => m.RecipientId).ShouldBe([kari, ola], ignoreOrder: true);
        told.ShouldAllBe(m => m.Data.Contains("Budsjettet er brukt opp"));

        // A date after the end is cancelled: booking it is refused.
        var fnr = await app.RegisteredPersonAsync(programme.ProgrammeId);
        (await coordinator.BookAsync(programme, sessions[3].Id, fnr)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
