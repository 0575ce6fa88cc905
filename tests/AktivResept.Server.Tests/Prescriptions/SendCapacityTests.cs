using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>The location's capacity holds under concurrent sends: the database, not a count read earlier, decides.</summary>
public sealed class SendCapacityTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    // With the row lock taken out, eight sends did not overlap enough to overbook on this machine; twenty did.
    private const int ConcurrentSends = 20;

    [Fact]
    public async Task Concurrent_sends_to_the_last_free_place_admit_exactly_one()
    {
        var location = await NewLocationAsync(capacity: 1);
        var gp = app.AsGp();
        var ids = new List<Guid>();
        for (var i = 0; i < ConcurrentSends; i++)
        {
            ids.Add(await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId())));
        }

        // Each send on its own client, all started before any is awaited.
        var responses = await Task.WhenAll(ids.Select(id =>
            app.AsGp().PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(ConcurrentSends - 1);
        var winner = ids[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK)];

        // Nothing of a refused send is saved: the losers are still unplaced and unsent.
        var placed = await app.QueryAsync(db => db.Prescriptions.Where(p => ids.Contains(p.Id) && (p.LocationId != null || p.ProviderId != null || p.SentAt != null)).Select(p => new { p.Id, p.LocationId }).ToListAsync());
        placed.ShouldHaveSingleItem().Id.ShouldBe(winner);
        placed[0].LocationId.ShouldBe(location);
        (await app.QueryAsync(db => db.Prescriptions.CountAsync(p => ids.Contains(p.Id) && p.Status == PrescriptionStatus.Issued))).ShouldBe(ConcurrentSends);
    }

    [Fact]
    public async Task A_place_freed_by_a_cancellation_can_be_sent_to_again()
    {
        var location = await NewLocationAsync(capacity: 1);
        var gp = app.AsGp();
        var first = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var second = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{first}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await gp.PostAsJsonAsync($"/api/prescriptions/{second}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await gp.PostAsJsonAsync($"/api/prescriptions/{first}/cancel", new { reason = "moved away" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await gp.PostAsJsonAsync($"/api/prescriptions/{second}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A location of its own for each test, so no other test's prescriptions take its places.</summary>
    private async Task<Guid> NewLocationAsync(int capacity)
    {
        var provider = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var location = new Location
        {
            ProviderId = provider,
            Name = $"Kapasitet {Guid.NewGuid():N}",
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
