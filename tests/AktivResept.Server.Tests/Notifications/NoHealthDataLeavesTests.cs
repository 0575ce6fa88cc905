using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Programmes;
using AktivResept.Server.Tests.Programmes.Booking;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// No health data leaves in e-mail or SMS (issue 22): for every kind of prescription event, carrying every telling fact
/// an event could hold, what the fan-out queues is the one fixed template, and what reaches the SMTP server and the SMS
/// gateway holds no name, national id, id, reason, diagnosis or measurement. The same holds for every «Aktiv på dagtid»
/// message (issue 14: e-mail/SMS only say that there is a message): the offer, the cancelled date and the instructor's
/// note carry their class, time, place and words in the inbox only.
/// </summary>
public sealed class NoHealthDataLeavesTests : IAsyncLifetime
{
    // Long enough not to turn up by chance in a generated header (a Message-Id is random letters and digits).
    internal static readonly string[] TellingFacts = ["Hjerteinfarkt", "ICPC K75", "BMI 41", "EQ-5D", "Ryggsmerter", "Deltaker", "frafall", "Cancelled"];

    private TestSmtpServer _smtp = null!;
    private WebhookReceiver _gateway = null!;
    private OutboundMessageFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _gateway = await WebhookReceiver.StartAsync();
        _app = new OutboundMessageFactory(_smtp.Port, _gateway.Url);
        await _app.InitializeAsync();
        await _app.FanOutAsync();
        await _app.RelayAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_app).DisposeAsync();
        await _gateway.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Every_event_kind_nudges_with_the_fixed_template_and_nothing_telling_reaches_smtp_or_sms()
    {
        var fnr = TestData.NewNationalId();
        var referrer = await _app.QueryAsync(db => db.Referrers.Where(r => r.Hpr == DemoIdentities.GpHpr && r.OrganisationNumber == DemoIdentities.GpOfficeOrg).Select(r => r.Id).SingleAsync());
        _app.SetAddress(referrer, MessageChannel.Email, "kari.nordmann@legekontor.test");
        var gp = _app.AsGp();
        var prescription = await gp.IssueAsync(TestData.IssueRequest(fnr));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{prescription}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _app.FanOutAsync();
        await _app.RelayAsync();
        var participant = await _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == prescription).Select(p => p.ParticipantId).SingleAsync());
        var secrets = TellingFacts.Concat([fnr, prescription.ToString(), referrer.ToString(), participant.ToString()]).ToList();
        var mailed = 0;

        foreach (var type in Enum.GetValues<PrescriptionEventType>())
        {
            var before = _smtp.Accepted.Count;
            await _app.QueryAsync(async db =>
            {
                db.PrescriptionEvents.Add(new PrescriptionEvent
                {
                    PrescriptionId = prescription,
                    Type = type,
                    OccurredAt = _app.Clock.GetUtcNow(),
                    // Every fact an event of any kind could carry, and then some: none of it may leave.
                    Data = """
                        {"from":"Accepted","to":"Cancelled","reason":"Hjerteinfarkt (ICPC K75)","byRole":"provider-admin",
                         "instrument":"EQ-5D-5L","value":"BMI 41","attended":1,"prescribed":8,"verdict":"frafall"}
                        """,
                });
                return await db.SaveChangesAsync();
            });

            await _app.FanOutAsync();
            var queued = await _app.QueryAsync(db => db.OutboxMessages.Where(m => m.SentAt == null && m.DeadAt == null).ToListAsync());
            queued.ShouldAllBe(m => m.Text == MessageTexts.NewMessage && m.Channel == MessageChannel.Email, $"{type}");
            await _app.RelayAsync();

            foreach (var mail in _smtp.Accepted.Skip(before))
            {
                mail.Subject.ShouldBe(MessageTexts.EmailSubject, $"{type}");
                mail.TextBody.ShouldNotBeNull().ReplaceLineEndings("\n").TrimEnd().ShouldBe(MessageTexts.EmailBody(MessageTexts.NewMessage).TrimEnd(), $"{type}");
                mail.Attachments.ShouldBeEmpty($"{type}");
                var everything = $"{mail.Subject}\n{mail.TextBody}\n{mail.HtmlBody}\n{string.Join("\n", mail.Headers.Select(h => h.Value))}";
                foreach (var secret in secrets)
                {
                    everything.ShouldNotContain(secret, Case.Insensitive, $"{type}: an e-mail carried '{secret}'");
                }

                mailed++;
            }
        }

        // The referrer hears of every kind but the two that are not theirs (a referral reaching a gym, a reminder to record).
        mailed.ShouldBeGreaterThanOrEqualTo(Enum.GetValues<PrescriptionEventType>().Length - 3);

        // And an SMS of the one template to the participant: the gateway gets the text alone.
        _app.SetAddress(participant, MessageChannel.Sms, "+4791234567");
        await _app.QueueAsync(MessageChannel.Sms, RecipientKind.Participant, participant);
        await _app.RelayAsync();
        var sms = System.Text.Encoding.UTF8.GetString(_gateway.Received.ShouldHaveSingleItem().Body);
        sms.ShouldContain(MessageTexts.Sms(MessageTexts.NewMessage));
        foreach (var secret in secrets)
        {
            sms.ShouldNotContain(secret, Case.Insensitive);
        }
    }

    [Fact]
    public async Task Every_session_message_leaves_as_the_fixed_template_with_its_class_time_place_and_words_only_in_the_inbox()
    {
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(_app, capacity: 1, weeks: 1, instructorTrainerId: await ProgrammeTestData.TrainerIdAsync(_app));
        var session = programme.SessionIds[0];
        var (first, second) = (await _app.RegisteredPersonAsync(programme.ProgrammeId), await _app.RegisteredPersonAsync(programme.ProgrammeId));
        using var a = _app.AsParticipant(first);
        using var b = _app.AsParticipant(second);
        var booked = await a.BookedAsync(programme, session, null);
        var queued = await b.BookedAsync(programme, session, null);
        _app.SetAddress(queued.PersonId, MessageChannel.Sms, "+4791234567");
        var before = await _app.QueryAsync(db => db.OutboxMessages.Select(m => m.Id).ToListAsync());

        // The three templates: a freed place offered, the instructor's note, the date cancelled.
        (await a.CancelAsync(programme, booked)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var instructor = _app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr);
        var note = await instructor.PostAsJsonAsync($"/api/programmes/sessions/{session}/messages", new { text = "Vi møtes ute ved Sofienbergparken i dag." });
        note.StatusCode.ShouldBe(HttpStatusCode.OK, await note.Content.ReadAsStringAsync());
        using var coordinator = _app.AsOsloCoordinator();
        var cancelled = await coordinator.PostAsJsonAsync($"/api/programmes/{programme.ProgrammeId}/sessions/{session}/cancel", new { reason = "Instruktøren har vondt i ryggen" });
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());

        var inbox = await _app.QueryAsync(db => db.InboxMessages.Where(m => m.RecipientId == queued.PersonId).ToListAsync());
        inbox.Select(m => m.Type).Order().ShouldBe([PrescriptionEventType.SessionOffer, PrescriptionEventType.SessionCancelled, PrescriptionEventType.SessionNote], ignoreOrder: true);
        var details = new[] { "Styrke", "Sal 1", "Grünerløkka", "Sofienbergparken", "vondt i ryggen", "10:00", "10.00", "24.11", "Aktiv på dagtid (test)" };
        var told = string.Join("\n", inbox.SelectMany(m => System.Text.Json.JsonDocument.Parse(m.Data).RootElement.EnumerateObject().Select(p => p.Value.ToString())));
        foreach (var detail in details.Where(d => d is not ("10:00" or "10.00" or "24.11")))
        {
            told.ShouldContain(detail, Case.Insensitive, "the inbox carries the details the SMS does not");
        }

        var sent = await _app.QueryAsync(db => db.OutboxMessages.Where(m => !before.Contains(m.Id)).ToListAsync());
        sent.Count.ShouldBe(3);
        sent.ShouldAllBe(m => m.Text == MessageTexts.NewMessage && m.Channel == MessageChannel.Sms && m.RecipientKind == RecipientKind.Participant && m.RecipientId == queued.PersonId);
        await _app.RelayAsync();
        var received = _gateway.Received.Select(r => System.Text.Encoding.UTF8.GetString(r.Body)).ToList();
        received.Count.ShouldBe(3);
        foreach (var sms in received)
        {
            sms.ShouldContain(MessageTexts.Sms(MessageTexts.NewMessage));
            foreach (var secret in details.Concat([first, second, queued.PersonId.ToString(), session.ToString()]))
            {
                sms.ShouldNotContain(secret, Case.Insensitive);
            }
        }
    }
}
