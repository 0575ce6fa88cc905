using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

public sealed class ClaimReviewTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _payer = app.AsStatePayer();

    [Fact]
    public async Task A_payer_partially_approves_with_a_reason_and_the_provider_sees_it()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10), ("pt-session", 10, 10));
        var claimId = await gym.SingleClaimAsync();
        (await _payer.GetAsync($"/api/claims/{claimId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // a draft is the provider's own
        await gym.SubmitAsync(claimId);

        var queue = await _payer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/claims?status=Submitted&providerId={gym.ProviderId}");
        queue.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ShouldBe([claimId]);
        var lines = await _payer.LinesAsync(claimId);
        var rejected = lines.Single(l => l.GetProperty("serviceDate").GetString() == "2026-11-05").GetProperty("id").GetGuid();

        var missingReason = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/{rejected}/decision", new { decision = "reject" });
        missingReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missingReason.ReadJsonAsync()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        var reject = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/{rejected}/decision",
            new { decision = "reject", reason = "DocumentationMissing", note = "Timen mangler signatur fra trener." });
        reject.StatusCode.ShouldBe(HttpStatusCode.OK, await reject.Content.ReadAsStringAsync());
        (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/complete", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict); // two undecided
        (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var complete = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/complete", new { });
        complete.StatusCode.ShouldBe(HttpStatusCode.OK, await complete.Content.ReadAsStringAsync());

        var claim = await gym.Admin.ClaimAsync(claimId);
        claim.GetProperty("status").GetString().ShouldBe("PartiallyApproved");
        claim.GetProperty("approvedPublicShare").GetDecimal().ShouldBe(800.00m);
        var seen = (await gym.Admin.LinesAsync(claimId)).Single(l => l.GetProperty("id").GetGuid() == rejected);
        seen.GetProperty("status").GetString().ShouldBe("Rejected");
        seen.GetProperty("payerReason").GetString().ShouldBe("DocumentationMissing");
        seen.GetProperty("payerNote").GetString().ShouldBe("Timen mangler signatur fra trener.");
        var history = (await gym.Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/claims/{claimId}")).GetProperty("history");
        history.EnumerateArray().Select(h => h.GetProperty("to").GetString()).ShouldBe(["Draft", "Submitted", "UnderReview", "PartiallyApproved"]);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Claim/{claimId}" && a.Action.StartsWith("update:")))).ShouldBe(3);
    }

    [Fact]
    public async Task Flagged_lines_are_left_for_a_person_when_approving_in_bulk()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym, sessionsPerWeek: 1);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 4, 10), ("pt-session", 10, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);

        var result = await (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).ReadJsonAsync();

        result.GetProperty("undecided").GetInt32().ShouldBe(1); // 3 Nov: priced, but its week had two sessions for a dose of one
        result.GetProperty("decided").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_with_only_refused_lines_cannot_be_submitted()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("no-show", 3, 10));
        var claimId = await gym.SingleClaimAsync();

        var response = await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/submit", new { });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await gym.Admin.ClaimAsync(claimId)).GetProperty("status").GetString().ShouldBe("Draft");
    }

    [Fact]
    public async Task Claims_are_seen_only_by_their_provider_and_their_payer()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        var other = await app.NewGymAsync();
        var line = (await gym.Admin.LinesAsync(claimId)).Single().GetProperty("id").GetGuid();

        foreach (var outsider in new[] { other.Admin, app.AsOsloKommunePayer(), app.AsGp(), app.ClientAs(Roles.Municipality, org: Server.Features.Demo.DemoIdentities.OsloKommuneOrg) })
        {
            (await outsider.GetAsync($"/api/claims/{claimId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await outsider.GetAsync($"/api/claims/{claimId}/lines")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await outsider.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/claims")).EnumerateArray()
                .ShouldNotContain(c => c.GetProperty("id").GetGuid() == claimId);
        }

        (await other.Admin.PostAsJsonAsync($"/api/claims/{claimId}/submit", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsOsloKommunePayer().PostAsJsonAsync($"/api/claims/{claimId}/lines/{line}/decision", new { decision = "approve" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/lines/{line}/decision", new { decision = "approve" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _payer.GetAsync($"/api/claims/{claimId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _payer.GetAsync($"/api/claims/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_approved_line_is_corrected_by_a_credit_line_and_never_deleted()
    {
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        await _payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { });
        await _payer.PostAsJsonAsync($"/api/claims/{claimId}/complete", new { });
        var line = (await gym.Admin.LinesAsync(claimId)).First().GetProperty("id").GetGuid();

        var noReason = await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/lines/{line}/credit", new { reason = "" });
        var credit = await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/lines/{line}/credit", new { reason = "Registrert på feil deltaker" });
        var again = await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/lines/{line}/credit", new { reason = "igjen" });

        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        credit.StatusCode.ShouldBe(HttpStatusCode.Created, await credit.Content.ReadAsStringAsync());
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var draft = (await credit.ReadJsonAsync()).GetProperty("claimId").GetGuid();
        draft.ShouldNotBe(claimId);
        var correction = (await gym.Admin.ClaimAsync(draft));
        correction.GetProperty("totalPublicShare").GetDecimal().ShouldBe(-400m);
        correction.GetProperty("sequence").GetInt32().ShouldBe(1);
        (await gym.Admin.LinesAsync(claimId)).Length.ShouldBe(2);
        // Regenerating the month keeps the correction on the draft.
        (await gym.GenerateAsync()).GetProperty("claimIds").GetArrayLength().ShouldBe(0);
        (await gym.Admin.LinesAsync(draft)).Single().GetProperty("kind").GetString().ShouldBe("Credit");
    }
}
