using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

/// <summary>A payment run of its own: exports take every approved claim of the payer.</summary>
public sealed class ProviderAccountTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_provider_without_a_valid_account_is_left_out_of_the_payment_file_until_it_registers_one()
    {
        var payer = app.AsStatePayer();
        var gym = await app.NewGymAsync();
        await app.QueryAsync(db => db.Providers.Where(p => p.Id == gym.ProviderId).ExecuteUpdateAsync(s => s.SetProperty(p => p.AccountNumber, (string?)null)));
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        await payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { });
        (await payer.PostAsJsonAsync($"/api/claims/{claimId}/complete", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var withoutAccount = await payer.PostAsJsonAsync("/api/payments", new { });
        withoutAccount.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await withoutAccount.ReadJsonAsync()).GetProperty("detail").GetString()!.ShouldContain($"Testgym {gym.Org} AS");

        var typo = await gym.Admin.PutAsJsonAsync("/api/providers/me/account", new { accountNumber = "1503.00.00038" });
        typo.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await typo.ReadJsonAsync()).GetProperty("errors").TryGetProperty("accountNumber", out _).ShouldBeTrue();
        var set = await gym.Admin.PutAsJsonAsync("/api/providers/me/account", new { accountNumber = "1503.00.00037" });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        (await set.ReadJsonAsync()).GetProperty("iban").GetString().ShouldBe("NO4015030000037");

        var export = await payer.PostAsJsonAsync("/api/payments", new { });
        export.StatusCode.ShouldBe(HttpStatusCode.Created, await export.Content.ReadAsStringAsync());
        (await export.ReadJsonAsync()).GetProperty("controlSum").GetDecimal().ShouldBe(400m);
    }

    [Fact]
    public async Task A_decision_with_an_unknown_reason_code_or_on_a_refused_line_changes_nothing()
    {
        var payer = app.AsStatePayer();
        var gym = await app.NewGymAsync();
        var (_, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("no-show", 4, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        var lines = await payer.LinesAsync(claimId);
        var priced = lines.Single(l => l.GetProperty("status").GetString() == "Priced").GetProperty("id").GetGuid();
        var refused = lines.Single(l => l.GetProperty("status").GetString() == "Refused").GetProperty("id").GetGuid();

        var unknown = await payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/{priced}/decision", new { decision = "reject", reason = "NotAReason" });
        var onRefused = await payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/{refused}/decision", new { decision = "approve" });
        var wrongWord = await payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/{priced}/decision", new { decision = "maybe" });

        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        onRefused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        wrongWord.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongWord.ReadJsonAsync()).GetProperty("errors").TryGetProperty("decision", out _).ShouldBeTrue();
        (await payer.LinesAsync(claimId)).Select(l => l.GetProperty("status").GetString()).ShouldBe(["Priced", "Refused"], ignoreOrder: true);
    }
}
