using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Notifications.Messaging;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>
/// The outbox relay against a real SMTP server and a local HTTP SMS gateway, under the test clock. The demo data's
/// own nudges are fanned out and relayed (to no address) before each test, so a test sees only what it caused.
/// </summary>
public sealed class OutboundMessageTests : IAsyncLifetime
{
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
    public async Task An_email_nudge_is_delivered_over_smtp_without_health_data_and_marked_sent()
    {
        var (id, referrer) = await NudgeTheGpAsync(cancelWith: "Hjerteinfarkt");

        (await _app.RelayAsync()).ShouldBe(1);

        var mail = _smtp.Accepted.ShouldHaveSingleItem();
        mail.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("kari.nordmann@legekontor.test");
        mail.From.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe(OutboundMessageFactory.From);
        mail.Subject.ShouldBe(MessageTexts.EmailSubject);
        mail.TextBody.ShouldNotBeNull().ShouldContain(MessageTexts.NewMessage, Case.Sensitive);
        var everything = $"{mail.Subject}\n{mail.TextBody}\n{string.Join("\n", mail.Headers.Select(h => h.Value))}";
        foreach (var secret in new[] { "Hjerteinfarkt", "Ryggsmerter", "L84", "Deltaker", referrer.ToString() })
        {
            everything.ShouldNotContain(secret, Case.Insensitive);
        }

        var message = await _app.MessageAsync(id);
        message.SentAt.ShouldBe(_app.Clock.GetUtcNow());
        message.Attempts.ShouldBe(1);
        message.DeadAt.ShouldBeNull();
        message.LastError.ShouldBeNull();
        (await _app.RelayAsync()).ShouldBe(0);
        _smtp.Tries.ShouldBe(1);
    }

    [Fact]
    public async Task A_transient_smtp_refusal_is_retried_after_the_backoff_and_then_sent()
    {
        var (id, _) = await NudgeTheGpAsync();
        var answers = new Queue<int>([451, 250]);
        _smtp.Answer = () => answers.Dequeue();

        await _app.RelayAsync();
        var refused = await _app.MessageAsync(id);
        refused.SentAt.ShouldBeNull();
        refused.DeadAt.ShouldBeNull();
        refused.Attempts.ShouldBe(1);
        refused.LastError.ShouldBe("Smtp451");
        refused.NextAttemptAt.ShouldBe(_app.Clock.GetUtcNow().AddMinutes(1));

        // Not before the backoff has passed.
        (await _app.RelayAsync()).ShouldBe(0);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await _app.RelayAsync()).ShouldBe(1);

        _smtp.Tries.ShouldBe(2);
        _smtp.Accepted.ShouldHaveSingleItem();
        var sent = await _app.MessageAsync(id);
        sent.SentAt.ShouldBe(_app.Clock.GetUtcNow());
        sent.Attempts.ShouldBe(2);
        sent.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task A_message_the_server_keeps_refusing_is_dead_after_the_last_try()
    {
        var (id, _) = await NudgeTheGpAsync();
        _smtp.Answer = () => 421;

        await _app.RelayAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.RelayAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await _app.RelayAsync();
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await _app.RelayAsync();

        _smtp.Tries.ShouldBe(3);
        _smtp.Accepted.ShouldBeEmpty();
        var dead = await _app.MessageAsync(id);
        dead.Attempts.ShouldBe(3);
        dead.SentAt.ShouldBeNull();
        dead.DeadAt.ShouldNotBeNull();
        dead.LastError.ShouldBe("Smtp421");
    }

    [Fact]
    public async Task A_mailbox_the_server_refuses_for_good_is_dead_after_one_try()
    {
        var (id, _) = await NudgeTheGpAsync();
        _smtp.Answer = () => 554;

        await _app.RelayAsync();
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await _app.RelayAsync();

        _smtp.Tries.ShouldBe(1);
        var dead = await _app.MessageAsync(id);
        dead.Attempts.ShouldBe(1);
        dead.DeadAt.ShouldBe(_app.Clock.GetUtcNow().AddDays(-1));
        dead.LastError.ShouldBe("Smtp554");
    }

    [Fact]
    public async Task A_recipient_without_an_address_is_dead_without_a_try_and_the_rest_are_sent()
    {
        var unknown = await _app.QueueAsync(MessageChannel.Email, RecipientKind.Referrer, Guid.NewGuid());
        var known = Guid.NewGuid();
        _app.SetAddress(known, MessageChannel.Email, "fysio@klinikk.test");
        var sendable = await _app.QueueAsync(MessageChannel.Email, RecipientKind.Referrer, known);

        (await _app.RelayAsync()).ShouldBe(2);

        var dead = await _app.MessageAsync(unknown);
        dead.DeadAt.ShouldNotBeNull();
        dead.LastError.ShouldBe("NoAddress");
        (await _app.MessageAsync(sendable)).SentAt.ShouldNotBeNull();
        _smtp.Accepted.ShouldHaveSingleItem().To.Mailboxes.Single().Address.ShouldBe("fysio@klinikk.test");
    }

    [Fact]
    public async Task Two_relays_running_at_once_send_each_message_exactly_once()
    {
        // More than one round's batch, so the relays overlap on claims.
        var queued = new List<Guid>();
        for (var i = 0; i < 45; i++)
        {
            var recipient = Guid.NewGuid();
            _app.SetAddress(recipient, MessageChannel.Email, $"mottaker-{recipient:N}@klinikk.test");
            queued.Add(await _app.QueueAsync(MessageChannel.Email, RecipientKind.Referrer, recipient));
        }

        var tries = await Task.WhenAll(Task.Run(_app.RelayAsync), Task.Run(_app.RelayAsync));

        tries.Sum().ShouldBe(45);
        _smtp.Tries.ShouldBe(45);
        _smtp.Accepted.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count().ShouldBe(45);
        var messages = await _app.QueryAsync(db => db.OutboxMessages.Where(m => queued.Contains(m.Id)).ToListAsync());
        messages.ShouldAllBe(m => m.SentAt != null && m.Attempts == 1);
    }

    [Fact]
    public async Task An_sms_is_posted_to_the_gateway_as_json_with_the_token_and_marked_sent_on_2xx()
    {
        var person = Guid.NewGuid();
        _app.SetAddress(person, MessageChannel.Sms, "+4791234567");
        var id = await _app.QueueAsync(MessageChannel.Sms, RecipientKind.Participant, person);
        _gateway.Answer = () => 202;

        (await _app.RelayAsync()).ShouldBe(1);

        var request = _gateway.Received.ShouldHaveSingleItem();
        request.Headers["Authorization"].ShouldBe(OutboundMessageFactory.SmsToken);
        request.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("to").GetString().ShouldBe("+4791234567");
        body.RootElement.GetProperty("from").GetString().ShouldBe("AktivResept");
        body.RootElement.GetProperty("text").GetString().ShouldBe(MessageTexts.NewMessage);
        body.RootElement.EnumerateObject().Count().ShouldBe(3);
        var sent = await _app.MessageAsync(id);
        sent.SentAt.ShouldBe(_app.Clock.GetUtcNow());
        sent.Attempts.ShouldBe(1);
        _smtp.Tries.ShouldBe(0);
    }

    [Fact]
    public async Task An_sms_the_gateway_rejects_with_4xx_is_dead_at_once()
    {
        var person = Guid.NewGuid();
        _app.SetAddress(person, MessageChannel.Sms, "+4791234567");
        var id = await _app.QueueAsync(MessageChannel.Sms, RecipientKind.Participant, person);
        _gateway.Answer = () => 400;

        await _app.RelayAsync();
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await _app.RelayAsync();

        _gateway.Received.Count.ShouldBe(1);
        var dead = await _app.MessageAsync(id);
        dead.Attempts.ShouldBe(1);
        dead.DeadAt.ShouldNotBeNull();
        dead.SentAt.ShouldBeNull();
        dead.LastError.ShouldBe("Http400");
    }

    [Fact]
    public async Task An_sms_the_gateway_fails_with_5xx_is_retried_after_the_backoff_and_then_sent()
    {
        var person = Guid.NewGuid();
        _app.SetAddress(person, MessageChannel.Sms, "+4791234567");
        var id = await _app.QueueAsync(MessageChannel.Sms, RecipientKind.Participant, person);
        var answers = new Queue<int>([503, 200]);
        _gateway.Answer = () => answers.Dequeue();

        await _app.RelayAsync();
        var failed = await _app.MessageAsync(id);
        failed.SentAt.ShouldBeNull();
        failed.DeadAt.ShouldBeNull();
        failed.LastError.ShouldBe("Http503");
        (await _app.RelayAsync()).ShouldBe(0);

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await _app.RelayAsync()).ShouldBe(1);

        _gateway.Received.Count.ShouldBe(2);
        var sent = await _app.MessageAsync(id);
        sent.SentAt.ShouldBe(_app.Clock.GetUtcNow());
        sent.Attempts.ShouldBe(2);
    }

    /// <summary>
    /// Gives the demo GP an e-mail address, issues a prescription, sends it to a gym that rejects it (with a telling
    /// reason when given; the GP's own moves nudge nobody) and fans it out; returns the one e-mail queued for the GP and
    /// the GP's referrer id.
    /// </summary>
    private async Task<(Guid MessageId, Guid ReferrerId)> NudgeTheGpAsync(string? cancelWith = null)
    {
        var referrer = await _app.QueryAsync(db => db.Referrers.Where(r => r.Hpr == DemoIdentities.GpHpr).Select(r => r.Id).SingleAsync());
        _app.SetAddress(referrer, MessageChannel.Email, "kari.nordmann@legekontor.test");
        var gp = _app.AsGp();
        var prescription = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{prescription}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{prescription}/reject", new { reason = cancelWith ?? "Fullt" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await _app.FanOutAsync();
        var pending = await _app.QueryAsync(db => db.OutboxMessages.Where(m => m.SentAt == null && m.DeadAt == null).ToListAsync());
        var message = pending.ShouldHaveSingleItem();
        message.RecipientId.ShouldBe(referrer);
        message.Channel.ShouldBe(MessageChannel.Email);
        return (message.Id, referrer);
    }
}

public sealed class MessageTemplateTests
{
    /// <summary>Every text that can be queued, in every form it leaves us: it says where to look, never what happened.</summary>
    [Fact]
    public void Every_outbound_template_says_only_that_there_is_a_new_message()
    {
        var rendered = new[] { MessageTexts.NewMessage, MessageTexts.EmailSubject, MessageTexts.EmailBody(MessageTexts.NewMessage), MessageTexts.Sms(MessageTexts.NewMessage) };

        MessageTexts.Sms(MessageTexts.NewMessage).ShouldBe("Du har en ny melding i AktivResept.");
        MessageTexts.EmailSubject.ShouldBe("Ny melding i AktivResept");
        MessageTexts.EmailBody(MessageTexts.NewMessage).ShouldBe("Du har en ny melding i AktivResept.\n\nLogg inn i AktivResept for å lese den.\n");

        // Nothing that could be an id, a national id, a date or a diagnosis code, and no placeholder filled from data.
        rendered.ShouldAllBe(t => !t.Any(char.IsDigit) && !t.Contains('{') && !t.Contains('@'));
    }
}
