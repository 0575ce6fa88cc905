using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Claims;

public sealed class TariffTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Two_national_tariffs_for_one_service_cannot_be_in_force_on_the_same_day()
    {
        var response = await app.AsStatePayer().PostAsJsonAsync("/api/tariffs", new { service = "PtSession", price = 500m, copay = 50m, validFrom = "2026-12-01" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadJsonAsync()).GetProperty("field").GetString().ShouldBe("validFrom");
    }

    [Theory]
    [InlineData(450.123, 0, "price")]
    [InlineData(-1, 0, "price")]
    [InlineData(100, 150, "copay")]
    public async Task An_amount_that_is_not_whole_ore_or_not_sensible_is_refused_by_field(decimal price, decimal copay, string field)
    {
        var response = await app.AsStatePayer().PostAsJsonAsync("/api/tariffs", new { service = "DietGuidance", price, copay, validFrom = "2030-01-01" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
        (await app.QueryAsync(db => db.Tariffs.CountAsync(t => t.ValidFrom == new DateOnly(2030, 1, 1)))).ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_state_payer_sets_national_tariffs()
    {
        var response = await app.AsOsloKommunePayer().PostAsJsonAsync("/api/tariffs", new { service = "InitialAssessment", price = 700m, validFrom = "2031-01-01" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("contractId", out _).ShouldBeTrue();
        (await app.AsOsloGym().PostAsJsonAsync("/api/tariffs", new { service = "InitialAssessment", price = 700m, validFrom = "2031-01-01" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_employer_paid_prescription_is_claimed_from_the_employer_it_names()
    {
        var gym = await app.NewGymAsync();
        var employer = app.ClientAs(Server.Common.Auth.Roles.Payer, org: DemoIdentities.EmployerOrg);
        var contractId = await app.ActiveContractAsync(employer, gym.ProviderId, "Bedriftsavtale", "2026-01-01");
        (await employer.PostAsJsonAsync("/api/tariffs", new { contractId, service = "PtSession", price = 600m, copay = 100m, validFrom = "2026-01-01" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var (prescription, member) = await app.FundedPrescriptionAsync(gym, funding: "EmployerPaid");
        await app.QueryAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"Prescriptions\" SET \"FundingOrganisation\" = {DemoIdentities.EmployerOrg} WHERE \"Id\" = {prescription}"));
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));

        var line = (await gym.Admin.LinesAsync(await gym.SingleClaimAsync())).Single();

        line.GetProperty("publicShare").GetDecimal().ShouldBe(500m);
        line.GetProperty("copay").GetDecimal().ShouldBe(100m);
    }

    [Fact]
    public async Task An_employer_that_is_not_a_valid_organisation_number_is_refused_when_issuing()
    {
        var request = TestData.IssueRequest(TestData.NewNationalId(), funding: "EmployerPaid");
        request["fundingOrganisation"] = "123456789";

        var response = await app.AsGp().PostAsJsonAsync("/api/prescriptions", request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("fundingOrganisation", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task An_employer_paid_prescription_without_an_employer_is_reported_as_unbilled()
    {
        var gym = await app.NewGymAsync();
        var (prescription, member) = await app.FundedPrescriptionAsync(gym, funding: "EmployerPaid");
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));

        var result = await gym.GenerateAsync();

        result.GetProperty("claimIds").GetArrayLength().ShouldBe(0);
        var unbilled = result.GetProperty("unbilled").EnumerateArray().Single();
        unbilled.GetProperty("prescriptionId").GetGuid().ShouldBe(prescription);
        unbilled.GetProperty("reason").GetProperty("code").GetString().ShouldBe("claim.no-employer");
    }
}
