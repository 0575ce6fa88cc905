using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Contracts;

public sealed class ContractManagementTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_coordinator_creates_a_draft_fills_it_and_activates_it()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contract = await coordinator.DraftContractAsync(gym.ProviderId);
        contract.GetProperty("status").GetString().ShouldBe("Draft");
        var version = contract.Version(1);
        version.GetProperty("status").GetString().ShouldBe("Draft");

        var edited = await coordinator.PutDraftAsync(contract.Id(), version.Id(), ContractsKit.ValidDraft(gym.LocationId));
        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        var activated = await coordinator.ActivateAsync(contract.Id(), version.Id());

        activated.StatusCode.ShouldBe(HttpStatusCode.OK, await activated.Content.ReadAsStringAsync());
        var detail = await (await coordinator.GetAsync($"/api/contracts/{contract.Id()}")).ReadJsonAsync();
        detail.GetProperty("status").GetString().ShouldBe("Active");
        detail.GetProperty("statusHistory").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ShouldBe(["Draft", "Active"]);
        var active = detail.Version(1);
        active.GetProperty("status").GetString().ShouldBe("Active");
        active.GetProperty("activatedBy").GetString().ShouldNotBeNullOrEmpty();
        active.GetProperty("capacity")[0].GetProperty("placesPerWeek").GetInt32().ShouldBe(40);
        active.GetProperty("availability")[0].GetProperty("isoDays").GetArrayLength().ShouldBe(5);
        active.GetProperty("content").GetProperty("trainerCompetence").GetString().ShouldBe("PersonalTrainer");
        active.GetProperty("kpis").EnumerateArray().Select(k => k.GetProperty("key").GetString())
            .ShouldBe(["adherence-by-week?share=0.75&weeks=12", "completion-rate"]);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource.StartsWith($"Contract/{contract.Id()}")))).ShouldBe(3);
    }

    [Fact]
    public async Task An_active_version_is_immutable()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contractId = await app.ActiveContractAsync(coordinator, gym.ProviderId, "Konsesjon", "2026-01-01", 0.3m);
        var versionId = (await (await coordinator.GetAsync($"/api/contracts/{contractId}")).ReadJsonAsync()).Version(1).Id();

        var body = ContractsKit.ValidDraft(gym.LocationId);
        body["coFinancingShare"] = 0.5m;
        var response = await coordinator.PutDraftAsync(contractId, versionId, body);

        await response.ShouldConflictAsync("contract.version-not-draft");
        (await app.QueryAsync(db => db.ContractVersions.Where(v => v.Id == versionId).Select(v => v.CoFinancingShare).SingleAsync())).ShouldBe(0.3m);
        await (await coordinator.ActivateAsync(contractId, versionId)).ShouldConflictAsync("contract.version-not-draft");
    }

    [Fact]
    public async Task A_new_version_is_a_copy_and_its_activation_closes_the_previous_version_the_day_before()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contract = await coordinator.DraftContractAsync(gym.ProviderId);
        (await coordinator.PutDraftAsync(contract.Id(), contract.Version(1).Id(), ContractsKit.ValidDraft(gym.LocationId))).EnsureSuccessStatusCode();
        (await coordinator.ActivateAsync(contract.Id(), contract.Version(1).Id())).EnsureSuccessStatusCode();

        var created = await coordinator.PostAsJsonAsync($"/api/contracts/{contract.Id()}/versions", new { validFrom = "2026-07-01" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var draft = await created.ReadJsonAsync();
        draft.GetProperty("number").GetInt32().ShouldBe(2);
        draft.GetProperty("kpis").GetArrayLength().ShouldBe(2);
        draft.GetProperty("capacity").GetArrayLength().ShouldBe(1);
        var body = ContractsKit.ValidDraft(gym.LocationId, validFrom: "2026-07-01");
        body["coFinancingShare"] = 0.25m;
        (await coordinator.PutDraftAsync(contract.Id(), draft.Id(), body)).EnsureSuccessStatusCode();
        (await coordinator.ActivateAsync(contract.Id(), draft.Id())).EnsureSuccessStatusCode();

        var detail = await (await coordinator.GetAsync($"/api/contracts/{contract.Id()}")).ReadJsonAsync();
        detail.Version(1).GetProperty("status").GetString().ShouldBe("Superseded");
        detail.Version(1).GetProperty("validTo").GetString().ShouldBe("2026-06-30");
        detail.Version(2).GetProperty("status").GetString().ShouldBe("Active");
        detail.Version(2).GetProperty("validFrom").GetString().ShouldBe("2026-07-01");
        detail.Version(2).GetProperty("coFinancingShare").GetDecimal().ShouldBe(0.25m);
        detail.Version(2).GetProperty("kpis")[0].GetProperty("id").GetGuid().ShouldNotBe(detail.Version(1).GetProperty("kpis")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_version_that_would_overlap_the_active_one_is_refused_naming_validFrom()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contractId = await app.ActiveContractAsync(coordinator, gym.ProviderId, "Konsesjon", "2025-06-01", 0.3m);

        var response = await coordinator.PostAsJsonAsync($"/api/contracts/{contractId}/versions", new { validFrom = "2025-06-01" });

        await response.ShouldConflictAsync("contract.versions-overlap", "validFrom");
        (await app.QueryAsync(db => db.ContractVersions.CountAsync(v => v.ContractId == contractId))).ShouldBe(1);
    }

    [Fact]
    public async Task A_draft_moved_back_over_the_active_version_cannot_be_activated()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contractId = await app.ActiveContractAsync(coordinator, gym.ProviderId, "Konsesjon", "2026-01-01", 0.3m);
        var draft = await (await coordinator.PostAsJsonAsync($"/api/contracts/{contractId}/versions", new { validFrom = "2026-09-01" })).ReadJsonAsync();
        (await coordinator.PutDraftAsync(contractId, draft.Id(), ContractsKit.ValidDraft(gym.LocationId, validFrom: "2026-01-01"))).EnsureSuccessStatusCode();

        var response = await coordinator.ActivateAsync(contractId, draft.Id());

        await response.ShouldConflictAsync("contract.versions-overlap", "validFrom");
        (await app.QueryAsync(db => db.ContractVersions.Where(v => v.ContractId == contractId).OrderBy(v => v.Number).Select(v => v.Status).ToListAsync()))
            .ShouldBe([ContractVersionStatus.Active, ContractVersionStatus.Draft]);
    }

    public static TheoryData<string, string, string> BadDrafts => new()
    {
        { "unknown-metric", "kpis[0].metric", "kpi.unknown-metric" },
        { "threshold-out-of-range", "kpis[0].threshold", "kpi.threshold-out-of-range" },
        { "period-does-not-fit", "kpis[1].period", "contract.kpi-period-does-not-fit" },
        { "foreign-location", "capacity[0].locationId", "contract.location-not-providers" },
        { "foreign-availability", "availability[0].locationId", "contract.location-not-providers" },
        { "closes-before-opens", "availability[0].closes", "contract.closes-before-opens" },
        { "bad-day", "availability[0].isoDays", "between" },
        { "share", "coFinancingShare", "contract.co-financing-share" },
        { "before-contract", "validFrom", "date.not-before" },
        { "after-contract", "validTo", "contract.after-contract-end" },
        { "minimum", "kpis[0].minimumParticipants", "between" },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public async Task A_bad_draft_is_refused_naming_the_field_and_nothing_is_saved(string problem, string field, string code)
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contract = await coordinator.DraftContractAsync(gym.ProviderId, validFrom: "2026-01-01", validTo: "2026-06-30");
        var body = ContractsKit.ValidDraft(gym.LocationId);
        var kpi = body["kpis"]![0]!;
        switch (problem)
        {
            case "unknown-metric": kpi["metric"] = "happiness-index"; break;
            case "threshold-out-of-range": kpi["threshold"] = 1.5m; break;
            case "period-does-not-fit": body["kpis"]![1]!["period"] = "Year"; break;
            case "foreign-location": body["capacity"]![0]!["locationId"] = JsonValue.Create(Features.Demo.DemoIdentities.BergenSentrumLocationId); break;
            case "foreign-availability": body["availability"]![0]!["locationId"] = JsonValue.Create(Guid.NewGuid()); break;
            case "closes-before-opens": body["availability"]![0]!["closes"] = "06:00"; break;
            case "bad-day": body["availability"]![0]!["isoDays"] = new JsonArray(0, 8); break;
            case "share": body["coFinancingShare"] = 1.2m; break;
            case "before-contract": body["validFrom"] = "2025-12-31"; break;
            case "after-contract": body["validTo"] = "2026-07-01"; break;
            case "minimum": kpi["minimumParticipants"] = 0; break;
        }

        var response = await coordinator.PutDraftAsync(contract.Id(), contract.Version(1).Id(), body);

        await response.ShouldNameFieldAsync(field, code);
        var saved = await app.QueryAsync(db => db.ContractVersions.AsNoTracking().SingleAsync(v => v.ContractId == contract.Id()));
        saved.Kpis.ShouldBeEmpty();
        saved.Capacity.ShouldBeEmpty();
        saved.Availability.ShouldBeEmpty();
        saved.CoFinancingShare.ShouldBe(0.3m);
    }

    [Fact]
    public async Task Activation_checks_the_requirements_against_what_the_provider_registered()
    {
        var gym = await app.NewGymAsync();
        await app.QueryAsync(db => db.Locations.Where(l => l.Id == gym.LocationId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OpeningHours, "Mo-Fr 06:00-22:00; Sa 08:00-18:00").SetProperty(l => l.Capacity, 5)));
        var coordinator = app.AsOsloCoordinator();
        var contract = await coordinator.DraftContractAsync(gym.ProviderId);
        var body = ContractsKit.ValidDraft(gym.LocationId);
        body["capacity"]![0]!["placesPerWeek"] = 36;
        body["availability"]![0]!["isoDays"] = new JsonArray(5, 6, 7);
        body["availability"]![0]!["features"] = new JsonArray("StepFreeEntrance");
        body["content"]!["trainerCompetence"] = "GroupInstructor";
        (await coordinator.PutDraftAsync(contract.Id(), contract.Version(1).Id(), body)).EnsureSuccessStatusCode();

        var response = await coordinator.ActivateAsync(contract.Id(), contract.Version(1).Id());

        await response.ShouldNameFieldAsync("capacity[0].placesPerWeek", "contract.capacity-over-location");
        await response.ShouldNameFieldAsync("availability[0].isoDays", "contract.location-closed");
        await response.ShouldNameFieldAsync("availability[0].features", "contract.feature-missing");
        await response.ShouldNameFieldAsync("content.trainerCompetence", "contract.competence-missing");
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("errors").GetProperty("availability[0].isoDays").EnumerateArray()
            .Select(e => e.GetProperty("args").GetProperty("day").GetInt32()).ShouldBe([6, 7]);
        (await app.QueryAsync(db => db.Contracts.Where(c => c.Id == contract.Id()).Select(c => c.Status).SingleAsync())).ShouldBe(ContractStatus.Draft);
        (await app.QueryAsync(db => db.ContractVersions.Where(v => v.ContractId == contract.Id()).Select(v => v.Status).SingleAsync())).ShouldBe(ContractVersionStatus.Draft);
    }

    [Fact]
    public async Task Opening_hours_that_cannot_be_read_are_reported_not_guessed()
    {
        var gym = await app.NewGymAsync();
        await app.QueryAsync(db => db.Locations.Where(l => l.Id == gym.LocationId).ExecuteUpdateAsync(s => s.SetProperty(l => l.OpeningHours, "Etter avtale")));
        var coordinator = app.AsOsloCoordinator();
        var contract = await coordinator.DraftContractAsync(gym.ProviderId);
        (await coordinator.PutDraftAsync(contract.Id(), contract.Version(1).Id(), ContractsKit.ValidDraft(gym.LocationId))).EnsureSuccessStatusCode();

        var response = await coordinator.ActivateAsync(contract.Id(), contract.Version(1).Id());

        await response.ShouldNameFieldAsync("availability[0].locationId", "contract.opening-hours-unreadable");
    }

    [Fact]
    public async Task The_demo_locations_norwegian_opening_hours_are_read()
    {
        var coordinator = app.AsOsloCoordinator();
        var oslo = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == Features.Demo.DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var contract = await coordinator.DraftContractAsync(oslo);
        var body = ContractsKit.ValidDraft(Features.Demo.DemoIdentities.GrunerlokkaLocationId);
        body["content"]!["trainerCompetence"] = "AktivInstruktor";
        (await coordinator.PutDraftAsync(contract.Id(), contract.Version(1).Id(), body)).EnsureSuccessStatusCode();

        (await coordinator.ActivateAsync(contract.Id(), contract.Version(1).Id())).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Terminating_records_who_and_why_and_closes_the_validity()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var contractId = await app.ActiveContractAsync(coordinator, gym.ProviderId, "Konsesjon", "2026-01-01", 0.3m);
        await (await coordinator.PostAsJsonAsync($"/api/contracts/{contractId}/terminate", new { reason = " " })).ShouldNameFieldAsync("reason", "required-max-length");

        var response = await coordinator.PostAsJsonAsync($"/api/contracts/{contractId}/terminate", new { reason = "Mislighold av kapasitetskravet", lastDay = "2026-11-30" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var detail = await response.ReadJsonAsync();
        detail.GetProperty("status").GetString().ShouldBe("Terminated");
        detail.GetProperty("statusReason").GetString().ShouldBe("Mislighold av kapasitetskravet");
        detail.GetProperty("validTo").GetString().ShouldBe("2026-11-30");
        detail.Version(1).GetProperty("validTo").GetString().ShouldBe("2026-11-30");
        detail.GetProperty("statusHistory").EnumerateArray().Last().GetProperty("by").GetString().ShouldNotBeNullOrEmpty();
        await (await coordinator.PostAsJsonAsync($"/api/contracts/{contractId}/versions", new { validFrom = "2026-11-01" })).ShouldConflictAsync("contract.not-open");
        await (await coordinator.PostAsJsonAsync($"/api/contracts/{contractId}/end", new { reason = "Ferdig" })).ShouldConflictAsync("contract.not-active");
    }

    [Fact]
    public async Task A_contract_still_running_is_terminated_not_ended()
    {
        var gym = await app.NewGymAsync();
        var coordinator = app.AsOsloCoordinator();
        var created = await coordinator.DraftContractAsync(gym.ProviderId, validFrom: "2026-01-01", validTo: "2027-12-31");
        (await coordinator.ActivateAsync(created.Id(), created.Version(1).Id())).EnsureSuccessStatusCode();

        await (await coordinator.PostAsJsonAsync($"/api/contracts/{created.Id()}/end", new { reason = "Ferdig" })).ShouldConflictAsync("contract.still-running", "lastDay");
        await (await coordinator.PostAsJsonAsync($"/api/contracts/{created.Id()}/terminate", new { reason = "Ferdig", lastDay = "2027-12-31" }))
            .ShouldNameFieldAsync("lastDay", "contract.not-before-end");
        (await app.QueryAsync(db => db.Contracts.Where(c => c.Id == created.Id()).Select(c => c.Status).SingleAsync())).ShouldBe(ContractStatus.Active);
    }
}
