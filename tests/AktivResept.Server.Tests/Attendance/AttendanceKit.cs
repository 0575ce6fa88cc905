using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Attendance;

/// <summary>A gym integration as a test sender holds it.</summary>
public sealed record TestIntegration(Guid Id, string Secret);

/// <summary>Intent helpers for attendance tests: a registered gym system, an accepted participant, a signed delivery.</summary>
public static class AttendanceKit
{
    public static async Task<TestIntegration> CreateIntegrationAsync(this AktivApiFactory app, HttpClient? gym = null)
    {
        var response = await (gym ?? app.AsOsloGym()).PostAsJsonAsync("/api/integrations", new { name = "Adgangssystem" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestIntegration(body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    /// <summary>Issues (starting <paramref name="start"/>), sends to the Oslo gym and accepts, linking <paramref name="memberRef"/>.</summary>
    public static async Task<Guid> AcceptedPrescriptionAsync(this AktivApiFactory app, string? memberRef, DateOnly? start = null, int sessionsPerWeek = 2, string? nationalId = null)
    {
        var gp = app.AsGp();
        var gym = app.AsOsloGym();
        var location = DemoIdentities.GrunerlokkaLocationId;
        // Many prescriptions per test class go to one location: lift its capacity so that is never the limit here.
        await app.QueryAsync(db => db.Locations.Where(l => l.Id == location).ExecuteUpdateAsync(s => s.SetProperty(l => l.Capacity, 100_000)));
        var today = OsloCalendar.DateOf(app.Clock.GetUtcNow());
        var request = TestData.IssueRequest(nationalId ?? TestData.NewNationalId(), start: today);
        request["sessionsPerWeek"] = sessionsPerWeek;
        var id = await gp.IssueAsync(request);
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        var accepted = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id, memberRef });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        // A start date in the past cannot be issued, so an ongoing prescription is arranged by moving it back.
        var startDate = start ?? today.AddDays(-14);
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.StartDate, startDate)));
        return id;
    }

    public static object Event(string id, Guid location, string memberRef, DateTimeOffset at, string type = "check-in", int? minutes = null) =>
        new { id, type, occurredAt = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), locationId = location, memberRef, durationMinutes = minutes };

    public static byte[] Batch(params object[] events) => JsonSerializer.SerializeToUtf8Bytes(new { events });

    /// <summary>A signed delivery of the exact <paramref name="body"/> bytes, as a Standard Webhooks sender makes it.</summary>
    public static HttpRequestMessage Signed(this AktivApiFactory app, TestIntegration integration, byte[] body, string? webhookId = null, DateTimeOffset? at = null, bool nameIntegration = true, string? secret = null) =>
        SignedDelivery.Create(secret ?? integration.Secret, body, webhookId ?? SignedDelivery.NewWebhookId(), at ?? app.Clock.GetUtcNow(), nameIntegration ? integration.Id : null);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    public static Task<int> AttendanceCountAsync(this AktivApiFactory app, Guid prescriptionId) =>
        app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.PrescriptionId == prescriptionId));

    /// <summary>Whether PostgreSQL has a table <paramref name="name"/> in <paramref name="schema"/> (a monthly partition).</summary>
    public static Task<bool> PartitionExistsAsync(this AktivApiFactory app, string schema, string name) =>
        app.QueryAsync(async db => await db.Database
            .SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {schema} AND c.relname = {name}")
            .SingleAsync() > 0);

    public static string Utf8(this byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
