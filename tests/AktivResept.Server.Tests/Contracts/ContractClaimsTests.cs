using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Contracts;

public sealed class ContractClaimsTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Claims_take_the_co_financing_share_of_the_version_in_force_in_the_month()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contractId = await app.ActiveContractAsync(coordinator, gym.ProviderId, "Konsesjon", "2026-01-01", 0.3m);
        (await app.AsOsloKommunePayer().PostAsJsonAsync("/api/tariffs", new { contractId, service = "PtSession", price = 500m, copay = 0m, validFrom = "2026-01-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var draft = await (await coordinator.PostAsJsonAsync($"/api/contracts/{contractId}/versions", new { validFrom = "2026-11-01" })).ReadJsonAsync();
        (await coordinator.PutDraftAsync(contractId, draft.Id(), new() { ["validFrom"] = "2026-11-01", ["coFinancingShare"] = 0.1m })).EnsureSuccessStatusCode();
        (await coordinator.ActivateAsync(contractId, draft.Id())).EnsureSuccessStatusCode();
        var (_, member) = await app.FundedPrescriptionAsync(gym, funding: "Municipality");
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));

        var line = (await gym.Admin.LinesAsync(await gym.SingleClaimAsync())).Single();

        line.GetProperty("tariff").GetDecimal().ShouldBe(500m);
        line.GetProperty("coFinancing").GetDecimal().ShouldBe(50m);
        line.GetProperty("publicShare").GetDecimal().ShouldBe(450m);
    }

    [Fact]
    public async Task A_contract_never_activated_brings_neither_its_tariffs_nor_its_share()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var draft = await coordinator.DraftContractAsync(gym.ProviderId, share: 0.3m);
        (await app.AsOsloKommunePayer().PostAsJsonAsync("/api/tariffs", new { contractId = draft.Id(), service = "PtSession", price = 500m, copay = 0m, validFrom = "2026-01-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var (_, member) = await app.FundedPrescriptionAsync(gym, funding: "Municipality");
        await app.AttendAsync(gym, member, ("pt-session", 3, 10));

        var result = await gym.GenerateAsync();

        result.GetProperty("claimIds").GetArrayLength().ShouldBe(1);
        var line = (await gym.Admin.LinesAsync(result.GetProperty("claimIds")[0].GetGuid())).Single();
        line.GetProperty("coFinancing").GetDecimal().ShouldBe(0m);
        line.GetProperty("tariff").GetDecimal().ShouldNotBe(500m);
    }
}
