using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Attendance;

public sealed class WebhookIngestionTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _anonymous = app.CreateClient();

    [Fact]
    public async Task A_signed_batch_is_stored_against_the_members_prescription()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var now = app.Clock.GetUtcNow();
        var body = AttendanceKit.Batch(
            AttendanceKit.Event("e1", location, member, now.AddDays(-2)),
            AttendanceKit.Event("e2", location, member, now.AddDays(-1), "pt-session", 55));

        var response = await _anonymous.SendAsync(app.Signed(integration, body));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        result.GetProperty("stored").GetInt32().ShouldBe(2);
        result.GetProperty("results")[1].GetProperty("status").GetString().ShouldBe("stored");
        (await app.AttendanceCountAsync(prescription)).ShouldBe(2);
        var minutes = await app.QueryAsync(db => db.AttendanceRecords.Where(a => a.ExternalId == "e2" && a.SourceId == integration.Id).Select(a => a.DurationMinutes).SingleAsync());
        minutes.ShouldBe(55);
    }

    [Fact]
    public async Task A_delivery_is_audited_once_naming_the_participants_it_touched()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var participant = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == prescription).Select(p => p.ParticipantId).SingleAsync());
        var now = app.Clock.GetUtcNow();
        var body = AttendanceKit.Batch(
            AttendanceKit.Event("au1", location, member, now.AddDays(-2)),
            AttendanceKit.Event("au2", location, member, now.AddDays(-1)),
            AttendanceKit.Event("au3", location, "nobody-" + Guid.NewGuid().ToString("N"), now.AddHours(-1)));

        (await _anonymous.SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var actor = $"integration:{integration.Id}";
        var rows = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Actor == actor).ToListAsync());
        var row = rows.ShouldHaveSingleItem();
        row.SubjectPersonId.ShouldBeNull();
        row.SubjectPersonIds.ShouldBe([participant]);
        rows.ShouldAllBe(r => r.Purpose == "attendance" && r.Role == "integration" && r.Resource.StartsWith("AttendanceDelivery/"));
    }

    [Fact]
    public async Task The_participant_token_issued_at_acceptance_works_as_member_reference()
    {
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: null);
        var refs = await app.AsOsloGym().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/member-refs");
        var token = refs.EnumerateArray().Single().GetProperty("memberRef").GetString()!;
        token.ShouldStartWith("apt_");

        var response = await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(AttendanceKit.Event("t1", location, token, app.Clock.GetUtcNow().AddHours(-3)))));

        (await response.ReadJsonAsync()).GetProperty("stored").GetInt32().ShouldBe(1);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
    }

    [Fact]
    public async Task Forged_tampered_stale_or_unsigned_deliveries_are_401_and_store_nothing()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("f1", location, member, app.Clock.GetUtcNow().AddHours(-1)));
        var forger = new TestIntegration(integration.Id, "whsec_" + Convert.ToBase64String(new byte[32]));

        var attempts = new List<HttpRequestMessage>
        {
            app.Signed(forger, body),
            app.Signed(integration, body, at: app.Clock.GetUtcNow().AddSeconds(-301)),
            app.Signed(integration, body, at: app.Clock.GetUtcNow().AddSeconds(301)),
        };
        var tampered = app.Signed(integration, body);
        var changed = (byte[])body.Clone();
        changed[^3] ^= 0x01;
        tampered.Content = new ByteArrayContent(changed) { Headers = { ContentType = new("application/json") } };
        attempts.Add(tampered);
        var unsigned = app.Signed(integration, body);
        unsigned.Headers.Remove("webhook-signature");
        attempts.Add(unsigned);
        var wrongIntegration = app.Signed(integration, body);
        wrongIntegration.RequestUri = new Uri($"/api/integrations/attendance?integration={Guid.NewGuid()}", UriKind.Relative);
        attempts.Add(wrongIntegration);

        foreach (var attempt in attempts)
        {
            var response = await _anonymous.SendAsync(attempt);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        (await app.AttendanceCountAsync(prescription)).ShouldBe(0);
    }

    [Fact]
    public async Task A_timestamp_just_inside_the_tolerance_is_accepted()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("edge", location, member, app.Clock.GetUtcNow().AddHours(-1)));

        var response = await _anonymous.SendAsync(app.Signed(integration, body, at: app.Clock.GetUtcNow().AddSeconds(-299)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
    }

    [Fact]
    public async Task A_retried_delivery_is_acknowledged_again_without_effect()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("r1", location, member, app.Clock.GetUtcNow().AddHours(-5)));

        var first = await _anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_retry"));
        app.Clock.Advance(TimeSpan.FromDays(3));
        var retry = await _anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_retry"));

        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        retry.Headers.GetValues("webhook-replayed").ShouldBe(["true"]);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_event_in_a_different_delivery_is_stored_once()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var at = app.Clock.GetUtcNow().AddHours(-2);

        await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(AttendanceKit.Event("same", location, member, at))));
        var second = await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(
            AttendanceKit.Event("same", location, member, at), AttendanceKit.Event("other", location, member, at.AddHours(1)))));

        var result = await second.ReadJsonAsync();
        result.GetProperty("duplicates").GetInt32().ShouldBe(1);
        result.GetProperty("stored").GetInt32().ShouldBe(1);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_replays_of_one_delivery_store_exactly_one_attendance()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("c1", location, member, app.Clock.GetUtcNow().AddHours(-1)));
        var second = app.SecondInstance();
        var clients = new[] { _anonymous, second.CreateClient() };

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            clients[i % 2].SendAsync(app.Signed(integration, body, webhookId: "msg_concurrent")))).Within(TestBudget.TwoNodes);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
        (await app.QueryAsync(db => db.WebhookReceipts.CountAsync(r => r.WebhookId == "msg_concurrent"))).ShouldBe(1);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_deliveries_of_the_same_event_under_different_ids_store_it_once()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("c2", location, member, app.Clock.GetUtcNow().AddHours(-1)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _anonymous.SendAsync(app.Signed(integration, body))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
        var stored = 0;
        foreach (var r in responses)
        {
            stored += (await r.ReadJsonAsync()).GetProperty("stored").GetInt32();
        }

        stored.ShouldBe(1);
    }

    [Fact]
    public async Task Malformed_events_are_rejected_one_by_one_while_the_valid_ones_are_stored()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var now = app.Clock.GetUtcNow();
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            events = new object[]
            {
                AttendanceKit.Event("ok", location, member, now.AddHours(-1)),
                new { id = "bad-type", type = "sauna", occurredAt = "2026-11-23T10:00:00Z", locationId = location, memberRef = member },
                new { id = "no-offset", type = "check-in", occurredAt = "2026-11-23T10:00:00", locationId = location, memberRef = member },
                new { type = "check-in", occurredAt = "2026-11-23T10:00:00Z", locationId = location, memberRef = member },
                AttendanceKit.Event("elsewhere", Guid.NewGuid(), member, now.AddHours(-1)),
                AttendanceKit.Event("future", location, member, now.AddHours(2)),
                AttendanceKit.Event("too-late", location, member, now.AddDays(-31)),
                "not an object",
            },
        }));

        var response = await _anonymous.SendAsync(app.Signed(integration, body));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadJsonAsync();
        result.GetProperty("stored").GetInt32().ShouldBe(1);
        result.GetProperty("rejected").GetInt32().ShouldBe(7);
        var results = result.GetProperty("results");
        Code(results[1], "type").ShouldBe("one-of");
        Code(results[2], "occurredAt").ShouldBe("event.occurred-at-format");
        Code(results[3], "id").ShouldBe("required-max-length");
        Code(results[4], "locationId").ShouldBe("event.location-not-yours");
        Code(results[5], "occurredAt").ShouldBe("date.not-in-future");
        Code(results[6], "occurredAt").ShouldBe("event.too-late");
        results[6].GetProperty("errors").GetProperty("occurredAt")[0].GetProperty("args").GetProperty("days").GetInt32().ShouldBe(30);
        Code(results[7], "$").ShouldBe("event.not-an-object");
        results.EnumerateArray().Skip(1).ShouldAllBe(r => r.GetProperty("status").GetString() == "rejected");
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
    }

    [Fact]
    public async Task A_late_event_within_thirty_days_is_accepted()
    {
        var (integration, location, prescription, member) = await SetUpAsync();

        var response = await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(AttendanceKit.Event("late", location, member, app.Clock.GetUtcNow().AddDays(-13)))));

        (await response.ReadJsonAsync()).GetProperty("stored").GetInt32().ShouldBe(1);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
    }

    [Fact]
    public async Task Oversized_overfull_and_unreadable_bodies_are_refused_and_store_nothing()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var at = app.Clock.GetUtcNow().AddHours(-1);
        var overfull = AttendanceKit.Batch([.. Enumerable.Range(0, 1001).Select(i => AttendanceKit.Event($"o{i}", location, member, at))]);
        var oversized = AttendanceKit.Batch(new { id = "x", padding = new string('x', 1_100_000) });

        var tooMany = await _anonymous.SendAsync(app.Signed(integration, overfull));
        var tooBig = await _anonymous.SendAsync(app.Signed(integration, oversized));
        var notJson = await _anonymous.SendAsync(app.Signed(integration, "{\"events\": [ {"u8.ToArray()));
        var noEvents = await _anonymous.SendAsync(app.Signed(integration, "{\"items\": []}"u8.ToArray()));

        tooMany.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var overfullProblem = await tooMany.ReadJsonAsync();
        overfullProblem.GetProperty("code").GetString().ShouldBe("body.too-many-events");
        overfullProblem.GetProperty("args").GetProperty("max").GetInt32().ShouldBe(1000);
        tooBig.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noEvents.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noEvents.Content.ReadAsStringAsync()).ShouldContain("events");
        (await app.AttendanceCountAsync(prescription)).ShouldBe(0);
    }

    [Fact]
    public async Task A_sender_that_does_not_name_its_integration_is_found_by_its_signature()
    {
        var (integration, location, prescription, member) = await SetUpAsync();

        var response = await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(AttendanceKit.Event("u1", location, member, app.Clock.GetUtcNow().AddHours(-1))), nameIntegration: false));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
    }

    [Fact]
    public async Task When_the_database_is_down_the_answer_is_503_never_2xx()
    {
        var (integration, location, prescription, member) = await SetUpAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("d1", location, member, app.Clock.GetUtcNow().AddHours(-1)));
        HttpResponseMessage response;
        if (app.Database.IsSqlite)
        {
            // The embedded file cannot go away like a server, but it can stay locked by another writer past the busy timeout.
            using var locked = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Default",
                new SqliteConnectionStringBuilder(app.Database.ConnectionString) { DefaultTimeout = 1 }.ConnectionString));
            using var client = locked.CreateClient();
            await using var writer = new SqliteConnection(app.Database.ConnectionString);
            await writer.OpenAsync();
            await using var transaction = writer.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: holds the write lock

            response = await client.SendAsync(app.Signed(integration, body));
        }
        else
        {
            using var down = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Default", "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2"));
            response = await down.CreateClient().SendAsync(app.Signed(integration, body));
        }

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await app.AttendanceCountAsync(prescription)).ShouldBe(0);
    }

    /// <summary>The code of the single error a rejected event has for the field.</summary>
    private static string? Code(JsonElement result, string field) =>
        result.GetProperty("errors").GetProperty(field).EnumerateArray().ShouldHaveSingleItem().GetProperty("code").GetString();

    private async Task<(TestIntegration Integration, Guid Location, Guid Prescription, string Member)> SetUpAsync()
    {
        var member = "M-" + Guid.NewGuid().ToString("N")[..10];
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var prescription = await app.AcceptedPrescriptionAsync(member);
        return (integration, location, prescription, member);
    }
}
