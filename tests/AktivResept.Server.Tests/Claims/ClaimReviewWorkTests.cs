using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Claims;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

/// <summary>The payer's review at scale (bulk decisions, signal severities, truthful "approve clean") and the thread with the gym.</summary>
public sealed class ClaimReviewWorkTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _payer = app.AsStatePayer();

    [Fact]
    public async Task Approve_clean_approves_lines_with_only_low_signals_and_says_how_many_it_approved()
    {
        var (claimId, lines) = await SubmittedClaimAsync();
        await SignalAsync(lines[0], ClaimSignal.NoGymEventThatDay);
        await SignalAsync(lines[1], ClaimSignal.NoGymEventThatDay, ClaimSignal.TrainerInTwoPlaces);

        var first = await (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).ReadJsonAsync();
        var again = await (await _payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).ReadJsonAsync();

        first.GetProperty("changed").GetInt32().ShouldBe(2);
        first.GetProperty("undecided").GetInt32().ShouldBe(1);
        again.GetProperty("changed").GetInt32().ShouldBe(0, "none were left clean");
        var statuses = (await _payer.LinesAsync(claimId)).ToDictionary(l => l.GetProperty("id").GetGuid(), l => l.GetProperty("status").GetString());
        statuses[lines[0]].ShouldBe("Approved");
        statuses[lines[1]].ShouldBe("Priced");
    }

    [Fact]
    public async Task One_decision_rejects_many_lines_with_one_reason_and_a_later_approval_clears_the_old_note()
    {
        var (claimId, lines) = await SubmittedClaimAsync();

        var reject = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/decisions",
            new { lineIds = new[] { lines[0], lines[1] }, decision = "reject", reason = "DocumentationMissing", note = "Send timelisten." });
        reject.StatusCode.ShouldBe(HttpStatusCode.OK, await reject.Content.ReadAsStringAsync());
        (await reject.ReadJsonAsync()).GetProperty("changed").GetInt32().ShouldBe(2);
        var approve = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/decisions", new { lineIds = new[] { lines[0] }, decision = "approve" });
        approve.StatusCode.ShouldBe(HttpStatusCode.OK);

        var seen = (await app.AsStatePayer().LinesAsync(claimId)).ToDictionary(l => l.GetProperty("id").GetGuid());
        seen[lines[0]].GetProperty("status").GetString().ShouldBe("Approved");
        seen[lines[0]].GetProperty("payerNote").ValueKind.ShouldBe(JsonValueKind.Null);
        seen[lines[0]].GetProperty("payerReason").ValueKind.ShouldBe(JsonValueKind.Null);
        seen[lines[1]].GetProperty("payerNote").GetString().ShouldBe("Send timelisten.");
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource.StartsWith($"Claim/{claimId}/lines/") && a.Action.StartsWith("update:")))).ShouldBe(3);
    }

    [Fact]
    public async Task A_bulk_decision_naming_a_line_not_on_the_claim_or_without_a_reason_changes_nothing()
    {
        var (claimId, lines) = await SubmittedClaimAsync();

        var foreign = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/decisions", new { lineIds = new[] { lines[0], Guid.NewGuid() }, decision = "approve" });
        var noReason = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/decisions", new { lineIds = lines, decision = "reject" });
        var none = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/decisions", new { lineIds = Array.Empty<Guid>(), decision = "approve" });
        var otherPayer = await app.AsOsloKommunePayer().PostAsJsonAsync($"/api/claims/{claimId}/lines/decisions", new { lineIds = lines, decision = "approve" });

        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.ReadJsonAsync()).GetProperty("errors").TryGetProperty("lineIds", out _).ShouldBeTrue();
        (await noReason.ReadJsonAsync()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        (await none.ReadJsonAsync()).GetProperty("errors").TryGetProperty("lineIds", out _).ShouldBeTrue();
        otherPayer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _payer.LinesAsync(claimId)).ShouldAllBe(l => l.GetProperty("status").GetString() == "Priced");
    }

    [Fact]
    public async Task The_gym_answers_the_payers_question_with_a_timesheet_pdf_that_only_the_two_parties_can_download()
    {
        var gym = await app.NewGymAsync();
        var (claimId, lines) = await SubmittedClaimAsync(gym);
        var question = await _payer.PostAsJsonAsync($"/api/claims/{claimId}/messages", new { text = "Kan dere sende timelisten for 5. november?", lineId = lines[1] });
        question.StatusCode.ShouldBe(HttpStatusCode.Created, await question.Content.ReadAsStringAsync());

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% timeliste\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
        var answer = await gym.Admin.PostAsync($"/api/claims/{claimId}/messages", Multipart("Timelisten ligger ved.", lines[1], pdf, "timeliste nov<script>.pdf"));
        answer.StatusCode.ShouldBe(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());

        var thread = await _payer.GetFromJsonAsync<JsonElement>($"/api/claims/{claimId}/messages");
        thread.GetArrayLength().ShouldBe(2);
        thread[0].GetProperty("from").GetString().ShouldBe("Payer");
        thread[1].GetProperty("from").GetString().ShouldBe("Provider");
        var attachment = thread[1].GetProperty("attachment");
        attachment.GetProperty("fileName").GetString().ShouldBe("timeliste novscript.pdf");
        var download = await _payer.GetAsync($"/api/claims/{claimId}/attachments/{attachment.GetProperty("id").GetGuid()}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);

        (await app.AsBergenGym().GetAsync($"/api/claims/{claimId}/messages")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsBergenGym().GetAsync($"/api/claims/{claimId}/attachments/{attachment.GetProperty("id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsOsloKommunePayer().PostAsJsonAsync($"/api/claims/{claimId}/messages", new { text = "Hei" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource.StartsWith($"Claim/{claimId}/attachments/") && a.Outcome == Server.Common.Audit.AuditOutcome.Success))).ShouldBe(1);
    }

    [Fact]
    public async Task An_attachment_that_is_not_a_pdf_or_image_or_is_too_large_is_refused_and_nothing_is_stored()
    {
        var gym = await app.NewGymAsync();
        var (claimId, _) = await SubmittedClaimAsync(gym);

        var html = await gym.Admin.PostAsync($"/api/claims/{claimId}/messages", Multipart("Se vedlegg", null, Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "timeliste.pdf"));
        var large = new byte[(5 * 1024 * 1024) + 1];
        "%PDF-"u8.CopyTo(large);
        var tooLarge = await gym.Admin.PostAsync($"/api/claims/{claimId}/messages", Multipart("Se vedlegg", null, large, "stor.pdf"));
        var empty = await gym.Admin.PostAsJsonAsync($"/api/claims/{claimId}/messages", new { text = "  " });

        html.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await html.ReadJsonAsync()).GetProperty("errors").GetProperty("attachment")[0].GetProperty("code").GetString().ShouldBe("claim.attachment-type");
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLarge.ReadJsonAsync()).GetProperty("errors").GetProperty("attachment")[0].GetProperty("code").GetString().ShouldBe("claim.attachment-size");
        (await empty.ReadJsonAsync()).GetProperty("errors").TryGetProperty("text", out _).ShouldBeTrue();
        (await app.QueryAsync(db => db.ClaimMessages.CountAsync(m => m.ClaimId == claimId))).ShouldBe(0);
    }

    private static MultipartFormDataContent Multipart(string text, Guid? lineId, byte[] file, string fileName)
    {
        var form = new MultipartFormDataContent { { new StringContent(text), "text" } };
        if (lineId is { } id)
        {
            form.Add(new StringContent(id.ToString()), "lineId");
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/html"); // what the uploader claims does not matter
        form.Add(content, "attachment", fileName);
        return form;
    }

    private async Task<(Guid ClaimId, Guid[] Lines)> SubmittedClaimAsync(TestGym? gym = null)
    {
        gym ??= await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10), ("pt-session", 10, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        var lines = (await _payer.LinesAsync(claimId)).Select(l => l.GetProperty("id").GetGuid()).ToArray();
        lines.Length.ShouldBe(3);
        return (claimId, lines);
    }

    private Task<int> SignalAsync(Guid lineId, params ClaimSignal[] signals) =>
        app.QueryAsync(async db =>
        {
            var line = await db.ClaimLines.SingleAsync(l => l.Id == lineId);
            line.Signals = [.. signals];
            return await db.SaveChangesAsync();
        });
}
