using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Outcomes.Schedule;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Outcomes;

/// <summary>A followed prescription: its id, the participant's national id, and clients for its trainer and participant.</summary>
public sealed record FollowedPrescription(Guid Id, string ParticipantFnr, HttpClient Trainer, HttpClient Participant);

public static class OutcomeKit
{
    /// <summary>
    /// An accepted prescription assigned to the demo trainer who can sign in (Per Aktiv), starting
    /// <paramref name="startInDays"/> days from today (negative: already running; moved back after issue).
    /// </summary>
    public static async Task<FollowedPrescription> FollowedAsync(this AktivApiFactory app, int startInDays = -14)
    {
        var gp = app.AsGp();
        var gym = app.AsOsloGym();
        var location = DemoIdentities.GrunerlokkaLocationId;
        await app.QueryAsync(db => db.Locations.Where(l => l.Id == location).ExecuteUpdateAsync(s => s.SetProperty(l => l.Capacity, 100_000)));
        var today = OsloCalendar.DateOf(app.Clock.GetUtcNow());
        var fnr = TestData.NewNationalId();
        var id = await gp.IssueAsync(TestData.IssueRequest(fnr, start: startInDays > 0 ? today.AddDays(startInDays) : today));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        var accepted = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var per = await app.Services.TrainerIdAsync(DemoIdentities.TrainerAktivInstruktorFnr);
        var start = today.AddDays(startInDays);
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.TrainerId, per).SetProperty(p => p.StartDate, start)));
        return new(id, fnr, app.ClientAs(Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr), app.AsParticipant(fnr));
    }

    public static Task<HttpResponseMessage> RecordAsync(this HttpClient client, Guid prescription, object body) =>
        client.PostAsJsonAsync($"/api/prescriptions/{prescription}/outcomes", body);

    public static async Task<int> RunOutcomeScheduleAsync(this AktivApiFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutcomeScheduleJob>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>An EQ-5D-5L answer: five levels and the VAS.</summary>
    public static Dictionary<string, decimal?> Eq5d(int mobility, int selfCare, int usual, int pain, int anxiety, int vas) => new()
    {
        ["mobility"] = mobility,
        ["self-care"] = selfCare,
        ["usual-activities"] = usual,
        ["pain-discomfort"] = pain,
        ["anxiety-depression"] = anxiety,
        ["vas"] = vas,
    };
}
