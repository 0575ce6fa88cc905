using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
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
/// A gym rejected the participant's prescription (issue 14): she chooses another gym herself, through the referrer's
/// resend rule — a linked copy with the same content, issued and sent under the location's capacity lock in one
/// transaction — never to the gym that said no, once only, and only for her own.
/// </summary>
public sealed class ParticipantChoosesAnotherGymTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task After_a_rejection_the_participant_sends_her_prescription_to_another_gym_and_the_referrer_is_told()
    {
        var (fnr, rejected) = await RejectedAsync();
        var participant = app.AsParticipant(fnr);
        var candidates = await CandidatesAsync(participant, rejected);
        var oslo = await ProviderIdAsync(DemoIdentities.AktivTreningOsloOrg);
        var other = candidates.First(c => c.ProviderId != oslo);

        var response = await participant.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = other.LocationId });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var copy = (await response.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        copy.Id.ShouldNotBe(rejected);
        copy.Replaces.ShouldBe(rejected);
        copy.Status.ShouldBe(PrescriptionStatus.Issued);
        copy.Provider!.Id.ShouldBe(other.ProviderId);
        copy.Referrer.Hpr.ShouldBe(DemoIdentities.GpHpr);
        var original = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == rejected).Select(p => new { p.Status, p.ReasonText, p.Goals }).SingleAsync());
        original.Status.ShouldBe(PrescriptionStatus.Rejected);
        (copy.ReasonText, copy.Goals).ShouldBe((original.ReasonText, original.Goals));

        await app.FanOutAsync();
        var told = await app.QueryAsync(db => db.InboxMessages.Where(m => m.PrescriptionId == copy.Id && m.Type == PrescriptionEventType.SentToProvider)
            .Select(m => m.RecipientKind).ToListAsync());
        told.ShouldBe([RecipientKind.Provider, RecipientKind.Referrer], ignoreOrder: true);
    }

    [Fact]
    public async Task The_gym_that_rejected_is_refused_and_a_second_resend_gives_the_same_answer_without_a_second_copy()
    {
        var (fnr, rejected) = await RejectedAsync();
        var participant = app.AsParticipant(fnr);

        var same = await participant.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = DemoIdentities.MajorstuenLocationId });
        var sameProblem = await same.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        sameProblem.GetProperty("errors").GetProperty("locationId")[0].GetProperty("code").GetString().ShouldBe("prescription.resend-same-provider");

        var oslo = await ProviderIdAsync(DemoIdentities.AktivTreningOsloOrg);
        var other = (await CandidatesAsync(participant, rejected)).First(c => c.ProviderId != oslo);
        (await participant.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = other.LocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await participant.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = other.LocationId });

        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("prescription.already-resent");
        (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.ReplacesId == rejected))).ShouldBe(1);
    }

    [Fact]
    public async Task Two_participants_racing_for_the_last_place_after_rejections_one_gets_it_and_the_other_is_told_with_409()
    {
        var last = await NewLocationAsync(DemoIdentities.BergenHelsetreningOrg, capacity: 1);
        var first = await RejectedAsync();
        var second = await RejectedAsync();

        var responses = await Task.WhenAll(
            app.AsParticipant(first.Fnr).PostAsJsonAsync($"/api/prescriptions/{first.Id}/resend", new { locationId = last }),
            app.AsParticipant(second.Fnr).PostAsJsonAsync($"/api/prescriptions/{second.Id}/resend", new { locationId = last }));

        responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
        var refused = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe("location.no-capacity");
        (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.LocationId == last))).ShouldBe(1);
        (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.ReplacesId == first.Id || p.ReplacesId == second.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task Another_persons_rejected_prescription_is_not_found()
    {
        var (_, rejected) = await RejectedAsync();
        var (stranger, _) = await RejectedAsync();

        var response = await app.AsParticipant(stranger).PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = DemoIdentities.MajorstuenLocationId });

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("code").GetString().ShouldBe("not-found");
        (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.ReplacesId == rejected))).ShouldBe(0);
    }

    /// <summary>A prescription for a new participant, sent by the GP to the Oslo gym's Grünerløkka location and rejected there.</summary>
    private async Task<(string Fnr, Guid Id)> RejectedAsync()
    {
        var fnr = TestData.NewNationalId();
        var id = await _gp.IssueAsync(TestData.IssueRequest(fnr));
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rejected = await app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "Fullt på dagtid" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync());
        return (fnr, id);
    }

    private static async Task<List<MatchCandidateView>> CandidatesAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/prescriptions/{id}/candidates");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<MatchCandidateView>>(Json.Options))!;
    }

    private Task<Guid> ProviderIdAsync(string org) =>
        app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == org).Select(p => p.Id).SingleAsync());

    private async Task<Guid> NewLocationAsync(string org, int capacity)
    {
        var location = new Location
        {
            ProviderId = await ProviderIdAsync(org),
            Name = $"Siste plass {Guid.NewGuid():N}",
            Address = "Storgata 2, 0155 Oslo",
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
