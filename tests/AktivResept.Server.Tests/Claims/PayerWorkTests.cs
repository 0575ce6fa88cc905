using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

/// <summary>
/// The payer officer's work waiting (issue 23) and the inbox messages a claim's thread sends: a question reaches the
/// gym, an answer the payer. Each test compares the counts before and after its own claim, so the others' claims do not matter.
/// </summary>
public sealed class PayerWorkTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _payer = app.AsStatePayer();

    [Fact]
    public async Task The_payers_question_reaches_the_gyms_inbox_and_the_answer_the_payers_and_the_work_counts_follow()
    {
        var gym = await app.NewGymAsync();
        var before = await WorkAsync();
        var (claimId, lines) = await SubmittedClaimAsync(gym);

        var waiting = await WorkAsync();
        waiting.GetProperty("claimsToReview").GetInt32().ShouldBe(before.GetProperty("claimsToReview").GetInt32() + 1);
        waiting.GetProperty("oldestSubmittedAt").ValueKind.ShouldBe(JsonValueKind.String);

        (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/messages", new { text = "Kan dere sende timelisten?", lineId = lines[0] })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var gymInbox = await gym.Admin.GetFromJsonAsync<JsonElement>("/api/inbox");
        var question = gymInbox.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "ClaimQuestion");
        question.GetProperty("data").GetProperty("claimId").GetGuid().ShouldBe(claimId);
        question.GetProperty("data").GetProperty("aboutLine").GetBoolean().ShouldBeTrue();
        question.GetProperty("data").ToString().ShouldNotContain("timelisten");
        (await WorkAsync()).GetProperty("questionsAwaitingGym").GetInt32().ShouldBe(before.GetProperty("questionsAwaitingGym").GetInt32() + 1);

        (await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/messages", new { text = "Den kommer i dag." })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var payerInbox = await _payer.GetFromJsonAsync<JsonElement>("/api/inbox");
        payerInbox.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("type").GetString() == "ClaimAnswer" && i.GetProperty("data").GetProperty("claimId").GetGuid() == claimId).ShouldBe(1);
        (await gym.Admin.GetFromJsonAsync<JsonElement>("/api/inbox")).GetProperty("items").EnumerateArray().Count(i => i.GetProperty("type").GetString() == "ClaimAnswer").ShouldBe(0);

        var after = await WorkAsync();
        after.GetProperty("questionsAwaitingGym").GetInt32().ShouldBe(before.GetProperty("questionsAwaitingGym").GetInt32());
        after.GetProperty("answersToRead").GetInt32().ShouldBe(before.GetProperty("answersToRead").GetInt32() + 1);
    }

    [Fact]
    public async Task A_decided_claim_leaves_the_review_count_for_the_payment_run_with_its_approved_amount()
    {
        var before = await WorkAsync();
        var (claimId, _) = await SubmittedClaimAsync(await app.NewGymAsync());
        var priced = (await _payer.LinesAsync(claimId)).Where(l => l.GetProperty("status").GetString() == "Priced").Select(l => l.GetProperty("id").GetGuid()).ToArray();
        priced.ShouldNotBeEmpty();
        var decided = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/decisions", new { lineIds = priced, decision = "approve" });
        decided.StatusCode.ShouldBe(HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());

        var completed = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/complete", new { });
        completed.StatusCode.ShouldBe(HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        var approved = await app.QueryAsync(db => db.Claims.Where(c => c.Id == claimId).Select(c => c.ApprovedPublicShare).SingleAsync());

        var after = await WorkAsync();

        approved.ShouldBeGreaterThan(0m);
        after.GetProperty("claimsToReview").GetInt32().ShouldBe(before.GetProperty("claimsToReview").GetInt32());
        after.GetProperty("claimsToPay").GetInt32().ShouldBe(before.GetProperty("claimsToPay").GetInt32() + 1);
        after.GetProperty("amountToPay").GetDecimal().ShouldBe(before.GetProperty("amountToPay").GetDecimal() + approved);
    }

    [Fact]
    public async Task Only_a_payer_has_work_waiting_and_each_read_is_audited()
    {
        var gym = await (await app.AsOsloGym().GetAsync("/api/payer/work")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        gym.GetProperty("code").GetString().ShouldBe("forbidden.payer-only");
        (await app.AsGp().GetAsync("/api/payer/work")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var reads = await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource.EndsWith("/work") && a.Action == AuditAction.Read && a.Outcome == AuditOutcome.Success));

        await WorkAsync();

        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource.EndsWith("/work") && a.Action == AuditAction.Read && a.Outcome == AuditOutcome.Success))).ShouldBe(reads + 1);
    }

    private async Task<JsonElement> WorkAsync()
    {
        var response = await _payer.GetAsync("/api/payer/work");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<(Guid ClaimId, Guid[] Lines)> SubmittedClaimAsync(TestGym gym)
    {
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        return (claimId, (await _payer.LinesAsync(claimId)).Select(l => l.GetProperty("id").GetGuid()).ToArray());
    }
}
