using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Features.Programmes.Booking;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Programmes.Booking;

/// <summary>
/// Capacity under load on two app instances sharing one PostgreSQL database, and the waiting list after it: a freed
/// place goes to exactly one person, in queue order, who confirms it or lets it pass to the next.
/// </summary>
[PostgresOnly("SQLite serialises writers in one process; the row lock across two instances is PostgreSQL's")]
public sealed class BookingConcurrencyTests : IClassFixture<AktivApiFactory>
{
    private readonly AktivApiFactory _app;

    public BookingConcurrencyTests(AktivApiFactory app) => _app = app;

    [Fact]
    public async Task Fifty_concurrent_bookers_on_two_instances_fill_ten_places_and_queue_forty_in_commit_order_then_freed_places_pass_down_the_queue()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, capacity: 10, weeks: 3);
        var session = programme.SessionIds[2];
        var people = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            people.Add(await _app.RegisteredPersonAsync(programme.ProgrammeId));
        }

        await using var second = _app.SecondInstance();
        using var first = _app.AsOsloCoordinator();
        using var other = second.ClientAs(Server.Common.Auth.Roles.Municipality, org: Server.Features.Demo.DemoIdentities.OsloKommuneOrg);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = people.Select((fnr, i) => Task.Run(async () =>
        {
            await start.Task;
            return await (i % 2 == 0 ? first : other).BookAsync(programme, session, fnr);
        })).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(attempts);

        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        var bookings = await _app.BookingsOfAsync(session);
        bookings.Count(b => b.Status == BookingStatus.Booked).ShouldBe(10);
        bookings.Where(b => b.Status == BookingStatus.Waiting).Select(b => b.QueueNumber!.Value).Order().ShouldBe(Enumerable.Range(1, 40).Select(n => (long)n));
        var counters = await _app.SessionAsync(session);
        (counters.Booked, counters.Waiting, counters.NextQueueNumber).ShouldBe((10, 40, 41L));

        // A cancellation promotes exactly one: the first in the queue, who is told by SMS (no health data) and confirms.
        var cancelled = bookings.First(b => b.Status == BookingStatus.Booked);
        (await first.PostAsJsonAsync($"{BookingKit.BookingsUrl(programme, session)}/{cancelled.Id}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterCancel = await _app.BookingsOfAsync(session);
        var offered = afterCancel.Single(b => b.Status == BookingStatus.Offered);
        offered.QueueNumber.ShouldBe(1);
        offered.OfferExpiresAt.ShouldBe(_app.Clock.GetUtcNow().AddHours(12));
        afterCancel.Count(b => b.Status == BookingStatus.Waiting).ShouldBe(39);
        (await _app.SessionAsync(session)).Booked.ShouldBe(10);
        // The offer's details are in her inbox; the SMS only says there is a message.
        var sms = await _app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.RecipientId == offered.PersonId).ToListAsync());
        sms.ShouldHaveSingleItem().Text.ShouldBe(Server.Features.Notifications.Messaging.MessageTexts.NewMessage);
        var inbox = await _app.QueryAsync(db => db.InboxMessages.AsNoTracking().Where(m => m.RecipientId == offered.PersonId).ToListAsync());
        inbox.ShouldHaveSingleItem().Type.ShouldBe(Server.Features.Notifications.PrescriptionEventType.SessionOffer);
        inbox[0].Data.ShouldContain("Styrke");

        var confirm = await other.PostAsJsonAsync($"{BookingKit.BookingsUrl(programme, session)}/{offered.Id}/confirm", new { });
        confirm.StatusCode.ShouldBe(HttpStatusCode.OK, await confirm.Content.ReadAsStringAsync());
        (await _app.BookingsOfAsync(session)).Single(b => b.Id == offered.Id).Status.ShouldBe(BookingStatus.Booked);

        // The next freed place goes to number 2; unconfirmed past its deadline, the job passes it to number 3.
        var another = bookings.Where(b => b.Status == BookingStatus.Booked).Skip(1).First();
        (await first.PostAsJsonAsync($"{BookingKit.BookingsUrl(programme, session)}/{another.Id}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second2 = (await _app.BookingsOfAsync(session)).Single(b => b.Status == BookingStatus.Offered);
        second2.QueueNumber.ShouldBe(2);
        _app.Clock.Advance(TimeSpan.FromHours(12));
        var late = await first.PostAsJsonAsync($"{BookingKit.BookingsUrl(programme, session)}/{second2.Id}/confirm", new { });
        await late.ShouldBeRefusedAsync("programme.booking.offer-expired");

        await using (var scope = second.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OfferExpiryJob>().RunOnceAsync(CancellationToken.None);
        }

        var afterExpiry = await _app.BookingsOfAsync(session);
        afterExpiry.Single(b => b.Id == second2.Id).Status.ShouldBe(BookingStatus.OfferExpired);
        afterExpiry.Single(b => b.Status == BookingStatus.Offered).QueueNumber.ShouldBe(3);
        afterExpiry.Count(b => b.Status.HoldsAPlace()).ShouldBe(10);
        (await _app.SessionAsync(session)).ShouldSatisfyAllConditions(s => s.Booked.ShouldBe(10), s => s.Waiting.ShouldBe(37));
    }
}
