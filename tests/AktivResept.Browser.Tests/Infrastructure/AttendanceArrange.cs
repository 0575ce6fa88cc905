using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications.Fanout;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>A gym system's integration as its sender holds it.</summary>
public sealed record GymIntegration(Guid Id, string Secret);

/// <summary>
/// Arranging attendance journeys through the public APIs (a GP's and a gym's tokens, a signed webhook), so the browser
/// only does what the journey is about.
/// </summary>
public static class AttendanceArrange
{
    public static HttpClient Gp(this BrowserApp app) => app.ApiAs(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg);

    public static HttpClient OsloGym(this BrowserApp app) => app.ApiAs(Roles.ProviderAdmin, org: DemoIdentities.AktivTreningOsloOrg);

    /// <summary>
    /// Issued by the GP, sent to the Oslo gym and accepted with Per Aktiv as trainer and <paramref name="memberRef"/> as
    /// the gym's member number; then moved to have started <paramref name="startedDaysAgo"/> days ago (an issue cannot
    /// start in the past).
    /// </summary>
    public static async Task<Guid> AcceptedPrescriptionAsync(this BrowserApp app, string givenName, string familyName, string? memberRef, int startedDaysAgo = 14)
    {
        var gp = app.Gp();
        var gym = app.OsloGym();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var today = app.Today;
        var issued = await gp.PostAsJsonAsync("/api/prescriptions", new
        {
            participant = new { nationalId = UiSession.NewNationalId(), givenName, familyName, kommunenummer = "0301" },
            reasonCode = "L84",
            reasonText = "Langvarige ryggsmerter",
            goals = "Gå til jobb uten smerter",
            activityTypes = new[] { "SupervisedStrength", "GroupClass" },
            sessionsPerWeek = 2,
            minutesPerSession = 60,
            startDate = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            durationWeeks = 12,
            confirmationIntervalWeeks = 4,
            funding = "SelfPaid",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var id = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var per = await app.PerAktivAsync(gym, id);
        var accepted = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = per, memberRef });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());

        var start = today.AddDays(-startedDaysAgo);
        await app.WithServicesAsync(s => s.GetRequiredService<AktivDbContext>().Prescriptions.Where(p => p.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.StartDate, start)));
        return id;
    }

    /// <summary>Per Aktiv (the demo trainer who can sign in), as one of the trainers qualified for the prescription.</summary>
    public static async Task<Guid> PerAktivAsync(this BrowserApp app, HttpClient gym, Guid prescriptionId)
    {
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        var trainers = await gym.GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescriptionId}/qualified-trainers");
        return trainers.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).Single(id => id == per);
    }

    public static async Task<GymIntegration> CreateIntegrationAsync(this BrowserApp app)
    {
        var response = await app.OsloGym().PostAsJsonAsync("/api/integrations", new { name = "Adgangssystem" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new GymIntegration(body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    public static object CheckIn(Guid location, string memberRef, DateTimeOffset at, string type = "class-attendance") => new
    {
        id = "evt_" + Guid.NewGuid().ToString("N"),
        type,
        occurredAt = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        locationId = location,
        memberRef,
    };

    /// <summary>Posts the events as a gym system does: one Standard Webhooks signed delivery over real HTTP.</summary>
    public static async Task<JsonElement> PostSignedAsync(this BrowserApp app, GymIntegration integration, params object[] events)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { events });
        using var request = SignedDelivery.Create(integration.Secret, body, SignedDelivery.NewWebhookId(), app.Clock.GetUtcNow(), integration.Id);
        using var sender = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var response = await sender.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(200, 299, text);
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>One pass of the adherence job over everything, as the background worker would run it.</summary>
    public static Task RunAdherenceJobAsync(this BrowserApp app) =>
        app.WithServicesAsync<object?>(async s =>
        {
            await s.GetRequiredService<AdherenceJob>().RunOnceAsync(all: true, CancellationToken.None);
            return null;
        });

    /// <summary>One pass of the notifications fan-out, as the background worker would run it; returns the events fanned out.</summary>
    public static Task<int> FanOutAsync(this BrowserApp app) =>
        app.WithServicesAsync(s => s.GetRequiredService<FanoutJob>().RunOnceAsync(CancellationToken.None));
}
