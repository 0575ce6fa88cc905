using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>An accepted prescription with the participant's own client, for the pause and withdrawal tests.</summary>
public sealed record OwnPrescription(Guid Id, string NationalId, HttpClient Participant);

public static class PauseKit
{
    /// <summary>Issues (starting today), sends to the Oslo gym and accepts, linking <paramref name="memberRef"/> when given.</summary>
    public static async Task<OwnPrescription> AcceptedForParticipantAsync(this AktivApiFactory app, string? memberRef = null, int? maxPauseWeeksTotal = null)
    {
        var gp = app.AsGp();
        var gym = app.AsOsloGym();
        var location = DemoIdentities.GrunerlokkaLocationId;
        await app.QueryAsync(db => db.Locations.Where(l => l.Id == location).ExecuteUpdateAsync(s => s.SetProperty(l => l.Capacity, 100_000)));
        var nationalId = TestData.NewNationalId();
        var request = TestData.IssueRequest(nationalId, start: OsloCalendar.DateOf(app.Clock.GetUtcNow()));
        if (maxPauseWeeksTotal is { } weeks)
        {
            request["maxPauseWeeksTotal"] = weeks;
        }

        var id = await gp.IssueAsync(request);
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        var accepted = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id, memberRef });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        return new OwnPrescription(id, nationalId, app.AsParticipant(nationalId));
    }

    public static DateOnly Today(this AktivApiFactory app) => OsloCalendar.DateOf(app.Clock.GetUtcNow());

    public static Task<HttpResponseMessage> PauseAsync(this OwnPrescription p, DateOnly first, DateOnly last, string reason = "illness", string? note = null) =>
        p.Participant.PostAsJsonAsync($"/api/prescriptions/{p.Id}/pauses", new { reason, note, firstDay = first, lastDay = last });
}
