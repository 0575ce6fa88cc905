using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Retention;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Integrations;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Retention (issue 22): under the controlled clock, each category is removed only once past its configured time,
/// rows still in use are never touched, a second pass changes nothing, and each category's removal is audited with
/// its count.
/// </summary>
public sealed class RetentionTests(RetentionTests.ShortRetentionApp app) : IClassFixture<RetentionTests.ShortRetentionApp>
{
    [Fact]
    public async Task Each_category_goes_only_when_past_its_time_and_what_is_in_use_stays()
    {
        var now = app.Clock.GetUtcNow();
        var old = now.AddDays(-11);
        var recent = now.AddDays(-9);
        var marker = Guid.CreateVersion7();
        var pending = Delivery(marker, DeliveryStatus.Pending, old);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            db.OutboxMessages.AddRange(
                Outbox(marker, "sent-old", sentAt: old),
                Outbox(marker, "dead-old", deadAt: old),
                Outbox(marker, "sent-recent", sentAt: recent),
                Outbox(marker, "unsent-old", createdAt: old.AddDays(-30)));
            var delivered = Delivery(marker, DeliveryStatus.Delivered, old);
            db.Deliveries.AddRange(delivered, pending, Delivery(marker, DeliveryStatus.DeadLetter, recent));
            db.DeliveryAttempts.AddRange(new DeliveryAttempt { DeliveryId = delivered.Id, At = old }, new DeliveryAttempt { DeliveryId = pending.Id, At = old });
            db.WebhookReceipts.AddRange(Receipt(marker, "old", now.AddDays(-15)), Receipt(marker, "recent", now.AddDays(-13)));
            db.InboxMessages.AddRange(Inbox(marker, now.AddDays(-21)), Inbox(marker, now.AddDays(-19)));
            db.AttendanceRecords.AddRange(
                Attendance(marker, "pending-old", ReconciliationState.Pending, old, prescription: null),
                Attendance(marker, "dismissed-old", ReconciliationState.Dismissed, old.AddDays(-5), prescription: null, resolvedAt: old),
                Attendance(marker, "dismissed-recently", ReconciliationState.Dismissed, old.AddDays(-5), prescription: null, resolvedAt: recent),
                Attendance(marker, "pending-recent", ReconciliationState.Pending, recent, prescription: null),
                Attendance(marker, "matched-old", ReconciliationState.Matched, old.AddDays(-400), prescription: Guid.CreateVersion7()));
            db.DialogmeldingMessages.AddRange(Dialog(marker, old), Dialog(marker, recent), Dialog(marker, null));
            await db.SaveChangesAsync();
        }

        var first = await RunAsync();

        first.Outbox.ShouldBe(2);
        first.Deliveries.ShouldBe(1);
        first.DeliveryAttempts.ShouldBe(1);
        first.WebhookReceipts.ShouldBe(1);
        first.Inbox.ShouldBe(1);
        first.UnmatchedAttendance.ShouldBe(2);
        first.DialogmeldingContent.ShouldBe(1);
        (await app.QueryAsync(db => db.OutboxMessages.Where(m => m.RecipientId == marker).Select(m => m.Text).OrderBy(t => t).ToListAsync()))
            .ShouldBe(["sent-recent", "unsent-old"]);
        (await app.QueryAsync(db => db.Deliveries.Where(d => d.PrescriptionId == marker).Select(d => d.Status).ToListAsync()))
            .Order().ShouldBe([DeliveryStatus.Pending, DeliveryStatus.DeadLetter]);
        (await app.QueryAsync(db => db.DeliveryAttempts.CountAsync(a => a.DeliveryId == pending.Id))).ShouldBe(1);
        (await app.QueryAsync(db => db.WebhookReceipts.Where(r => r.IntegrationId == marker).Select(r => r.WebhookId).ToListAsync())).ShouldBe(["recent"]);
        (await app.QueryAsync(db => db.InboxMessages.CountAsync(m => m.RecipientId == marker))).ShouldBe(1);
        (await app.QueryAsync(db => db.AttendanceRecords.Where(a => a.SourceId == marker).Select(a => a.ExternalId).OrderBy(e => e).ToListAsync()))
            .ShouldBe(["dismissed-recently", "matched-old", "pending-recent"]);
        // An event id is kept exactly as long as its row: the deleted rows' keys went with them.
        (await app.QueryAsync(db => db.AttendanceEventKeys.Where(k => k.SourceId == marker).Select(k => k.ExternalId).OrderBy(e => e).ToListAsync()))
            .ShouldBe(["dismissed-recently", "matched-old", "pending-recent"]);
        (await app.QueryAsync(db => db.DialogmeldingMessages.CountAsync(m => m.ReferrerId == marker && m.XmlCipher != null))).ShouldBe(2);
        (await app.QueryAsync(db => db.DialogmeldingMessages.CountAsync(m => m.ReferrerId == marker))).ShouldBe(3);

        var audited = await app.QueryAsync(db => db.AuditRecords.AsNoTracking().Where(a => a.Actor == "system:retention").Select(a => a.Resource).ToListAsync());
        audited.ShouldContain("Retention/outbox/2");
        audited.ShouldContain("Retention/unmatched-attendance/2");

        // Nothing else is due: a second pass removes nothing and writes no audit row.
        var second = await RunAsync();
        second.ShouldBe(new RetentionRun(0, 0, 0, 0, 0, 0, 0));
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Actor == "system:retention"))).ShouldBe(audited.Count);

        // Time passes: what was recent is now due too.
        app.Clock.Advance(TimeSpan.FromDays(3));
        var later = await RunAsync();
        later.Outbox.ShouldBe(1);
        later.Deliveries.ShouldBe(1);
        later.UnmatchedAttendance.ShouldBe(2);
        (await app.QueryAsync(db => db.OutboxMessages.Where(m => m.RecipientId == marker).Select(m => m.Text).ToListAsync())).ShouldBe(["unsent-old"]);
    }

    private async Task<RetentionRun> RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
    }

    private static OutboxMessage Outbox(Guid marker, string text, DateTimeOffset? sentAt = null, DateTimeOffset? deadAt = null, DateTimeOffset? createdAt = null) =>
        new() { RecipientId = marker, Text = text, SentAt = sentAt, DeadAt = deadAt, CreatedAt = createdAt ?? sentAt ?? deadAt!.Value, NextAttemptAt = createdAt ?? sentAt ?? deadAt!.Value };

    private static Delivery Delivery(Guid marker, DeliveryStatus status, DateTimeOffset at) =>
        new() { SubscriptionId = Guid.CreateVersion7(), EventId = Guid.CreateVersion7(), PrescriptionId = marker, Status = status, CreatedAt = at, NextAttemptAt = at };

    private static WebhookReceipt Receipt(Guid marker, string id, DateTimeOffset at) => new() { IntegrationId = marker, WebhookId = id, ReceivedAt = at, Response = "{}" };

    private static InboxMessage Inbox(Guid marker, DateTimeOffset at) => new() { RecipientId = marker, EventId = Guid.CreateVersion7(), CreatedAt = at };

    private static AttendanceRecord Attendance(Guid marker, string externalId, ReconciliationState state, DateTimeOffset receivedAt, Guid? prescription, DateTimeOffset? resolvedAt = null) =>
        new()
        {
            ProviderId = Guid.CreateVersion7(),
            SourceId = marker,
            ExternalId = externalId,
            OccurredAt = receivedAt,
            ReceivedAt = receivedAt,
            Reconciliation = state,
            ResolvedAt = resolvedAt,
            PrescriptionId = prescription,
        };

    private static DialogmeldingMessage Dialog(Guid marker, DateTimeOffset? sentAt) =>
        new()
        {
            EventId = Guid.CreateVersion7(),
            PrescriptionId = Guid.CreateVersion7(),
            ReferrerId = marker,
            OrganisationNumber = "123456785",
            Status = sentAt is null ? DialogmeldingStatus.Pending : DialogmeldingStatus.Sent,
            XmlCipher = [1, 2, 3],
            CreatedAt = sentAt ?? DateTimeOffset.UnixEpoch,
            SentAt = sentAt,
        };

    /// <summary>Retention periods of days, so the clock can cross them: 10 days for most, 14 for webhook ids (their own setting), 20 for the inbox.</summary>
    public sealed class ShortRetentionApp : AktivApiFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Retention:OutboxDays"] = "10",
            ["Retention:DeliveriesDays"] = "10",
            ["Retention:InboxDays"] = "20",
            ["Retention:UnmatchedAttendanceDays"] = "10",
            ["Retention:DialogmeldingContentDays"] = "10",
            ["Attendance:WebhookIdRetentionDays"] = "14",
        };
    }
}
