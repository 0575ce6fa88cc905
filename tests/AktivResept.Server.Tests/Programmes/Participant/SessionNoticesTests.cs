using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Programmes.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Programmes.Participant;

/// <summary>
/// Issue 14, «Messages»: what «Aktiv på dagtid» tells a participant is in her inbox, behind sign-in; the SMS only says
/// there is a message. Through HTTP on PostgreSQL, with the participant's own token.
/// </summary>
public sealed class SessionNoticesTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_freed_place_is_offered_in_the_inbox_with_its_deadline_and_the_sms_only_says_there_is_a_message()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, capacity: 1, weeks: 1);
        var (first, second) = (await app.RegisteredPersonAsync(programme.ProgrammeId), await app.RegisteredPersonAsync(programme.ProgrammeId));
        using var a = app.AsParticipant(first);
        using var b = app.AsParticipant(second);
        var booked = await a.BookedAsync(programme, programme.SessionIds[0], null);
        var queued = await b.BookedAsync(programme, programme.SessionIds[0], null);

        (await a.CancelAsync(programme, booked)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var offer = (await app.BookingsOfAsync(programme.SessionIds[0])).Single(x => x.Id == queued.Id);
        offer.OfferExpiresAt.ShouldNotBeNull();
        var inbox = await b.GetFromJsonAsync<JsonElement>("/api/inbox");
        var message = inbox.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        message.GetProperty("type").GetString().ShouldBe(nameof(PrescriptionEventType.SessionOffer));
        var data = message.GetProperty("data");
        data.GetProperty("bookingId").GetGuid().ShouldBe(queued.Id);
        data.GetProperty("sessionId").GetGuid().ShouldBe(programme.SessionIds[0]);
        data.GetProperty("confirmBy").GetDateTimeOffset().ShouldBe(offer.OfferExpiresAt.Value);
        data.GetProperty("startsAt").GetDateTimeOffset().ShouldBe(queued.StartsAt);
        data.GetProperty("title").GetString().ShouldBe("Styrke");
        data.GetProperty("location").GetString().ShouldNotBeNullOrWhiteSpace();
        inbox.GetProperty("unread").GetInt32().ShouldBe(1);

        var person = await PersonIdAsync(second);
        var sms = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.RecipientId == person).ToListAsync());
        sms.ShouldHaveSingleItem().Text.ShouldBe(MessageTexts.NewMessage);
        (sms[0].Channel, sms[0].RecipientKind).ShouldBe((MessageChannel.Sms, RecipientKind.Participant));

        // The one who cancelled hears nothing; her inbox stays empty and her read is audited about herself.
        var own = await a.GetFromJsonAsync<JsonElement>("/api/inbox");
        own.GetProperty("total").GetInt32().ShouldBe(0);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(r => r.Resource == "Inbox?search" && r.Action == AuditAction.Search && r.SubjectPersonId == person)))
            .ShouldBe(1);

        // She reads it; marking it read is audited about her too, and nobody else may touch it.
        var id = message.GetProperty("id").GetGuid();
        (await a.PostAsync($"/api/inbox/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await b.PostAsync($"/api/inbox/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(r => r.Resource == $"InboxMessage/{id}" && r.Outcome == AuditOutcome.Success && r.SubjectPersonId == person)))
            .ShouldBe(1);
    }

    private async Task<Guid> PersonIdAsync(string fnr)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(fnr);
        return await app.QueryAsync(db => db.People.Where(p => p.NationalIdHash == hash).Select(p => p.Id).SingleAsync());
    }
}
