using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Prescriptions.Matching;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>
/// The participant chooses a gym among the matched ones for their own prescription (issue 14): the same candidates and
/// send as the referrer's, scoped to their own prescriptions, under the same capacity lock, audited, and told to the gym
/// and to the referrer.
/// </summary>
public sealed class ParticipantChoosesGymTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task A_participant_lists_the_gyms_for_their_own_prescription_and_another_persons_is_not_found()
    {
        var (fnr, id) = await IssuedAsync();
        var stranger = app.AsParticipant(await StrangerAsync());

        var own = await CandidatesAsync(app.AsParticipant(fnr), id);
        var theirs = await stranger.GetAsync($"/api/prescriptions/{id}/candidates");
        var theirSend = await stranger.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.MajorstuenLocationId });

        own.ShouldNotBeEmpty();
        own.Select(c => c.DistanceKm).ShouldBeInOrder();
        own.ShouldAllBe(c => c.FreeCapacity > 0);
        (await theirs.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("code").GetString().ShouldBe("not-found");
        (await theirSend.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("code").GetString().ShouldBe("not-found");
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.LocationId).SingleAsync())).ShouldBeNull();
    }

    [Fact]
    public async Task A_participant_chooses_a_gym_and_the_gym_and_the_referrer_are_told()
    {
        var (fnr, id) = await IssuedAsync();
        var participant = app.AsParticipant(fnr);
        var chosen = (await CandidatesAsync(participant, id))[0];

        var response = await participant.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = chosen.LocationId });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var view = (await response.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        view.Provider!.Id.ShouldBe(chosen.ProviderId);
        view.Location!.Name.ShouldBe(chosen.LocationName);

        await app.FanOutAsync();
        var told = await app.QueryAsync(db => db.InboxMessages.Where(m => m.PrescriptionId == id && m.Type == PrescriptionEventType.SentToProvider)
            .Select(m => new { m.RecipientKind, m.Data }).ToListAsync());
        told.Select(m => m.RecipientKind).ShouldBe([RecipientKind.Provider, RecipientKind.Referrer], ignoreOrder: true);
        foreach (var data in told.Select(m => JsonDocument.Parse(m.Data).RootElement))
        {
            data.GetProperty("location").GetString().ShouldBe(chosen.LocationName);
            data.GetProperty("byRole").GetString().ShouldBe(Roles.Participant);
        }
    }

    [Fact]
    public async Task The_referrers_own_send_is_told_to_the_gym_only()
    {
        var (_, id) = await IssuedAsync();

        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.MajorstuenLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.FanOutAsync();
        var told = await app.QueryAsync(db => db.InboxMessages.Where(m => m.PrescriptionId == id && m.Type == PrescriptionEventType.SentToProvider)
            .Select(m => m.RecipientKind).ToListAsync());
        told.ShouldBe([RecipientKind.Provider]);
    }

    [Fact]
    public async Task Two_participants_racing_for_the_last_place_one_wins_and_the_other_gets_no_capacity_naming_the_field()
    {
        var location = await NewLocationAsync(capacity: 1);
        var (annFnr, ann) = await IssuedAsync();
        var (bobFnr, bob) = await IssuedAsync();
        var annClient = app.AsParticipant(annFnr);
        var bobClient = app.AsParticipant(bobFnr);
        (await CandidatesAsync(annClient, ann)).ShouldContain(c => c.LocationId == location);
        (await CandidatesAsync(bobClient, bob)).ShouldContain(c => c.LocationId == location);

        // Both started before either is awaited; the location's row lock makes the second count the first's place.
        var responses = await Task.WhenAll(
            annClient.PostAsJsonAsync($"/api/prescriptions/{ann}/send", new { locationId = location }),
            bobClient.PostAsJsonAsync($"/api/prescriptions/{bob}/send", new { locationId = location }));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        var loserIndex = Array.FindIndex(responses, r => r.StatusCode != HttpStatusCode.OK);
        var problem = await responses[loserIndex].ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("location.no-capacity");
        problem.GetProperty("field").GetString().ShouldBe("locationId");

        var (loserClient, loser, winner) = loserIndex == 0 ? (annClient, ann, bob) : (bobClient, bob, ann);
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == loser).Select(p => p.LocationId).SingleAsync())).ShouldBeNull();
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == winner).Select(p => p.LocationId).SingleAsync())).ShouldBe(location);

        // The loser still gets an answer to choose again from, without the full gym.
        var next = await CandidatesAsync(loserClient, loser);
        next.ShouldNotBeEmpty();
        next.ShouldNotContain(c => c.LocationId == location);
        (await loserClient.PostAsJsonAsync($"/api/prescriptions/{loser}/send", new { locationId = next[0].LocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Listing_choosing_a_refused_choice_and_a_strangers_attempt_are_each_audited()
    {
        var full = await NewLocationAsync(capacity: 0);
        var (fnr, id) = await IssuedAsync();
        var participant = app.AsParticipant(fnr);
        var stranger = app.AsParticipant(await StrangerAsync());
        var chosen = (await CandidatesAsync(participant, id))[0];

        (await participant.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = full })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await participant.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = chosen.LocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stranger.GetAsync($"/api/prescriptions/{id}/candidates")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var rows = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Resource.StartsWith($"Prescription/{id}") && a.Role == Roles.Participant)
            .OrderBy(a => a.Id).Select(a => new { a.Resource, a.Action, a.Outcome, a.SubjectPersonId }).ToListAsync());
        var subject = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ParticipantId).SingleAsync());
        rows.Select(r => (r.Resource, r.Action, r.Outcome)).ShouldBe(
        [
            ($"Prescription/{id}/candidates", "read", AuditOutcome.Success),
            ($"Prescription/{id}", "update:send", AuditOutcome.Refused),
            ($"Prescription/{id}", "update:send", AuditOutcome.Success),
            ($"Prescription/{id}/candidates", "read", AuditOutcome.Denied),
        ]);
        rows.Take(3).ShouldAllBe(r => r.SubjectPersonId == subject);
    }

    /// <summary>Another participant, with a prescription of their own (a person we know, not an unknown token).</summary>
    private async Task<string> StrangerAsync() => (await IssuedAsync()).Fnr;

    /// <summary>A prescription issued (not yet sent) by the GP for a new participant, self-paid so several may be open.</summary>
    private async Task<(string Fnr, Guid Id)> IssuedAsync()
    {
        var fnr = TestData.NewNationalId();
        return (fnr, await _gp.IssueAsync(TestData.IssueRequest(fnr)));
    }

    private static async Task<List<MatchCandidateView>> CandidatesAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/prescriptions/{id}/candidates");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<MatchCandidateView>>(Json.Options))!;
    }

    /// <summary>A location of its own for the test, next to Oslo's centre, so no other test takes its places.</summary>
    private async Task<Guid> NewLocationAsync(int capacity)
    {
        var provider = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var location = new Location
        {
            ProviderId = provider,
            Name = $"Siste plass {Guid.NewGuid():N}",
            Address = "Storgata 1, 0155 Oslo",
            Kommunenummer = "0301",
            Latitude = 59.91,
            Longitude = 10.75,
            Capacity = capacity,
            OpeningHours = "Mo-Su 06:00-23:00",
        };
        await app.QueryAsync(db =>
        {
            db.Locations.Add(location);
            return db.SaveChangesAsync();
        });
        return location.Id;
    }
}
