using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Benefits;

public sealed class BenefitImportTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_valid_file_is_imported_and_drives_eligibility()
    {
        var fnr = TestData.NewNationalId();
        var csv = $"nationalId,benefit,from,to\n{fnr},WorkAssessmentAllowance,2026-01-01,2027-06-30\n{fnr},SicknessBenefit,2025-01-01,2025-12-31\n";

        var result = await ImportAsync(csv);

        result.Succeeded.ShouldBeTrue();
        result.Imported.ShouldBe(2);
        // The benefit is named only to a referrer with a care relationship: the GP registers the person first.
        var gp = app.AsGp();
        await gp.CreatePatientAsync(fnr);
        var check = await gp.PostAsJsonAsync("/api/eligibility/check", new { nationalId = fnr, purpose = "ny-henvisning", startDate = "2026-12-01", durationWeeks = 12 });
        var body = await check.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("isEligible").GetBoolean().ShouldBeTrue();
        body.GetProperty("benefit").GetString().ShouldBe("WorkAssessmentAllowance");
    }

    [Fact]
    public async Task One_bad_row_means_nothing_is_imported_and_every_bad_row_is_reported()
    {
        var good = TestData.NewNationalId();
        var csv = $"{good},DisabilityBenefit,2026-01-01,\n12345678901,DisabilityBenefit,2026-01-01,\n{good},Pension,2026-01-01,\n{good},SicknessBenefit,2026-13-01,\n{good},SicknessBenefit,2026-05-01,2026-04-01\nonly,two\n";
        var before = await app.QueryAsync(db => db.BenefitPeriods.CountAsync());

        var result = await ImportAsync(csv);

        result.Succeeded.ShouldBeFalse();
        result.Imported.ShouldBe(0);
        result.Errors.Select(e => (e.Line, e.Field)).ShouldBe([(2, "nationalId"), (3, "benefit"), (4, "from"), (5, "to"), (6, "row")]);
        (await app.QueryAsync(db => db.BenefitPeriods.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Eligibility_check_is_for_referrers_and_validates_the_national_id()
    {
        var participant = app.AsParticipant(TestData.NewNationalId());
        (await participant.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "ny-henvisning" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var bad = await app.AsGp().PostAsJsonAsync("/api/eligibility/check", new { nationalId = "01010112345", purpose = "ny-henvisning" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("nationalId");
    }

    [Fact]
    public async Task A_person_without_benefits_is_not_eligible_and_the_reason_says_so()
    {
        var response = await app.AsGp().PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "ny-henvisning", startDate = "2026-12-01" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("isEligible").GetBoolean().ShouldBeFalse();
        var reason = body.GetProperty("reason");
        reason.GetProperty("code").GetString().ShouldBe("eligibility.no-active-benefit");
        reason.GetProperty("args").GetProperty("date").GetString().ShouldBe("2026-12-01");
    }

    private async Task<ImportResult> ImportAsync(string csv)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BenefitImporter>().ImportAsync(new StringReader(csv), "test.csv", CancellationToken.None);
    }
}
