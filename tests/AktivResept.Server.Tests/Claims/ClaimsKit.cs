using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

/// <summary>A gym of a test's own, so claims of one test never mix with another's.</summary>
public sealed record TestGym(Guid ProviderId, Guid LocationId, string Org, HttpClient Admin, TestIntegration Integration);

/// <summary>Intent helpers for claim tests: a gym, a funded and accepted prescription, attended sessions, the payers.</summary>
public static class ClaimsKit
{
    public const string November = "2026-11";
    private static int _gyms;

    public static HttpClient AsStatePayer(this AktivApiFactory app) => app.ClientAs(Roles.Payer, org: DemoIdentities.StatePayerOrg);

    public static HttpClient AsOsloKommunePayer(this AktivApiFactory app) => app.ClientAs(Roles.Payer, org: DemoIdentities.OsloKommuneOrg);

    /// <summary>Creates a contract (a draft with version 1) as the payer, activates version 1 and returns the contract's id.</summary>
    public static async Task<Guid> ActiveContractAsync(this AktivApiFactory app, HttpClient payer, Guid providerId, string name, string validFrom, decimal? coFinancingShare = null)
    {
        var created = await payer.PostAsJsonAsync("/api/contracts", new { providerId, name, validFrom, coFinancingShare });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var contract = await created.ReadJsonAsync();
        var contractId = contract.GetProperty("id").GetGuid();
        var versionId = contract.GetProperty("versions")[0].GetProperty("id").GetGuid();
        var activated = await payer.PostAsync($"/api/contracts/{contractId}/versions/{versionId}/activate", null);
        activated.StatusCode.ShouldBe(HttpStatusCode.OK, await activated.Content.ReadAsStringAsync());
        return contractId;
    }

    /// <summary>A new gym in Oslo with an account, a certified trainer and a registered gym-system integration.</summary>
    public static async Task<TestGym> NewGymAsync(this AktivApiFactory app)
    {
        var org = NextOrganisationNumber();
        var provider = new Provider { OrganisationNumber = org, Name = $"Testgym {org} AS", AccountNumber = "15030000037" };
        var location = new Location { ProviderId = provider.Id, Name = $"Testgym {org}", Address = "Storgata 1, 0155 Oslo", Kommunenummer = "0301", Latitude = 59.91, Longitude = 10.75, Capacity = 1000, OpeningHours = "Mo-Su 06:00-23:00" };
        provider.Locations.Add(location);
        var trainer = new Trainer { Name = "Test Trener", NationalIdHash = "test-" + Guid.NewGuid().ToString("N") };
        trainer.Roles.Add(new TrainerRole { OrganisationNumber = org, OrganisationName = provider.Name, Title = "Personlig trener" });
        trainer.Certifications.Add(new TrainerCertification { Kind = CertificationKind.PersonalTrainer, Issuer = "NTF", ValidFrom = new DateOnly(2024, 1, 1), ValidTo = new DateOnly(2028, 12, 31) });
        await app.QueryAsync(async db =>
        {
            db.Providers.Add(provider);
            db.Trainers.Add(trainer);
            return await db.SaveChangesAsync();
        });
        var admin = app.ClientAs(Roles.ProviderAdmin, org: org);
        return new TestGym(provider.Id, location.Id, org, admin, await app.CreateIntegrationAsync(admin));
    }

    /// <summary>A prescription at the gym, accepted with a member reference and moved back to start on 2 November.</summary>
    public static async Task<(Guid Id, string MemberRef)> FundedPrescriptionAsync(
        this AktivApiFactory app, TestGym gym, string funding = "StateReimbursed", int sessionsPerWeek = 2, DateOnly? benefitTo = null, int durationWeeks = 12)
    {
        var fnr = TestData.NewNationalId();
        if (funding == "StateReimbursed")
        {
            await app.GiveBenefitAsync(fnr, BenefitKind.SicknessBenefit, new DateOnly(2026, 1, 1), new DateOnly(2027, 6, 30));
        }

        var today = OsloCalendar.DateOf(app.Clock.GetUtcNow());
        var request = TestData.IssueRequest(fnr, funding: funding, start: today);
        request["sessionsPerWeek"] = sessionsPerWeek;
        request["durationWeeks"] = durationWeeks;
        var id = await app.AsGp().IssueAsync(request);
        (await app.AsGp().PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = gym.LocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.Admin.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        var memberRef = "m-" + Guid.NewGuid().ToString("N")[..10];
        var accepted = await gym.Admin.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id, memberRef });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.StartDate, new DateOnly(2026, 11, 2))));
        if (benefitTo is { } end)
        {
            // Issuing needs the benefit on the start date, so an ending benefit is arranged afterwards, as the registry would report it.
            var hash = await app.QueryAsync(db => db.People.Where(p => db.Prescriptions.Any(x => x.Id == id && x.ParticipantId == p.Id)).Select(p => p.NationalIdHash).SingleAsync());
            await app.QueryAsync(db => db.BenefitPeriods.Where(b => b.NationalIdHash == hash).ExecuteUpdateAsync(s => s.SetProperty(b => b.To, end)));
        }

        return (id, memberRef);
    }

    /// <summary>Posts the gym system's events (type, Oslo date, hour) through the signed webhook; all must be stored.</summary>
    public static async Task AttendAsync(this AktivApiFactory app, TestGym gym, string memberRef, params (string Type, int Day, int Hour)[] sessions)
    {
        var events = sessions.Select(s => AttendanceKit.Event("e-" + Guid.NewGuid().ToString("N"), gym.LocationId, memberRef,
            OsloCalendar.StartOf(new DateOnly(2026, 11, s.Day)).AddHours(s.Hour), s.Type, 60)).ToArray();
        var response = await app.CreateClient().SendAsync(app.Signed(gym.Integration, AttendanceKit.Batch(events)));
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("stored").GetInt32().ShouldBe(sessions.Length, body.ToString());
    }

    public static async Task<JsonElement> GenerateAsync(this TestGym gym, string month = November)
    {
        var response = await gym.Admin.PostAsJsonAsync("/api/claims/generate", new { month });
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>The only claim the month produced for the gym (one payer).</summary>
    public static async Task<Guid> SingleClaimAsync(this TestGym gym, string month = November) =>
        (await gym.GenerateAsync(month)).GetProperty("claimIds").EnumerateArray().Single().GetGuid();

    public static async Task<JsonElement[]> LinesAsync(this HttpClient client, Guid claimId)
    {
        var response = await client.GetAsync($"/api/claims/{claimId}/lines?pageSize=500");
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return [.. body.GetProperty("lines").EnumerateArray()];
    }

    public static async Task<JsonElement> ClaimAsync(this HttpClient client, Guid claimId)
    {
        var response = await client.GetAsync($"/api/claims/{claimId}");
        var body = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body.GetProperty("claim");
    }

    public static async Task SubmitAsync(this TestGym gym, Guid claimId)
    {
        var response = await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/submit", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("id").GetGuid().ShouldBe(claimId);
        body.GetProperty("status").GetString().ShouldBe("Submitted");
    }

    public static string[] Strings(this JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>A fresh valid organisation number (for a test gym or payer of a test's own).</summary>
    public static string NextOrganisationNumber()
    {
        while (true)
        {
            var n = Interlocked.Increment(ref _gyms) + (Environment.ProcessId % 1000 * 1000);
            var candidate = $"98{n:D6}";
            int[] weights = [3, 2, 7, 6, 5, 4, 3, 2];
            var sum = candidate.Select((c, i) => (c - '0') * weights[i]).Sum();
            var control = (11 - (sum % 11)) % 11;
            if (control != 10 && OrganisationNumber.TryParse(candidate + control, out var org, out _))
            {
                return org!.Value;
            }
        }
    }
}
