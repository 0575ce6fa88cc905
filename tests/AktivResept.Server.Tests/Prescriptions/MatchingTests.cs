using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Prescriptions.Matching;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

public sealed class MatchingTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Fact]
    public async Task Candidates_are_ordered_by_distance_from_the_municipality_centre()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), kommune: "0301"));

        var candidates = await CandidatesAsync(id);

        candidates.ShouldNotBeEmpty();
        candidates.Select(c => c.DistanceKm).ShouldBeInOrder();
        candidates.ShouldAllBe(c => c.Kommunenummer == "0301");
        // Bjørvika (≈1.1 km from Oslo centre) is nearer than Grünerløkka (≈1.4 km).
        candidates[0].LocationName.ShouldBe("Sterk Hverdag Bjørvika");
    }

    [Fact]
    public async Task Required_competence_filters_out_providers_without_a_qualified_trainer()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), competence: "AktivInstruktor"));

        var candidates = await CandidatesAsync(id);

        candidates.Select(c => c.ProviderName).Distinct().ShouldBe(["Aktiv Trening Oslo AS"]);
    }

    [Fact]
    public async Task Requested_accessibility_features_filter_locations()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        var candidates = await CandidatesAsync(id, "?accessibility=InductionLoop&accessibility=TactileGuidance");

        candidates.Select(c => c.LocationName).ShouldBe(["Aktiv Trening Grünerløkka"]);
    }

    [Fact]
    public async Task A_location_without_free_capacity_is_not_offered_and_cannot_be_sent_to()
    {
        // Majorstuen takes one prescription at a time.
        var majorstuen = DemoIdentities.MajorstuenLocationId;
        var first = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await CandidatesAsync(first)).ShouldContain(c => c.LocationId == majorstuen);
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{first}/send", new { locationId = majorstuen })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var second = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        (await CandidatesAsync(second)).ShouldNotContain(c => c.LocationId == majorstuen);
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{second}/send", new { locationId = majorstuen })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_search_radius_limits_candidates_and_bergen_residents_get_bergen_gyms()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), kommune: "4601"));

        var near = await CandidatesAsync(id, "?maxDistanceKm=1");
        var wide = await CandidatesAsync(id, "?maxDistanceKm=50");

        near.Select(c => c.LocationName).ShouldBe(["Bergen Helsetrening Sentrum"]);
        wide.Select(c => c.LocationName).ShouldBe(["Bergen Helsetrening Sentrum", "Fjordbyen Laksevåg"]);
    }

    [Fact]
    public async Task Bad_match_parameters_are_rejected_with_the_field_named()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        var badRadius = await _gp.GetAsync($"/api/prescriptions/{id}/candidates?maxDistanceKm=-5");
        var badFeature = await _gp.GetAsync($"/api/prescriptions/{id}/candidates?accessibility=Trampoline");

        badRadius.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badRadius.Content.ReadAsStringAsync()).ShouldContain("maxDistanceKm");
        badFeature.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<List<MatchCandidateView>> CandidatesAsync(Guid id, string query = "")
    {
        var response = await _gp.GetAsync($"/api/prescriptions/{id}/candidates{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<MatchCandidateView>>(Json.Options))!;
    }
}
