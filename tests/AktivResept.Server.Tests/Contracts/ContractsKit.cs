using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Contracts;

/// <summary>Intent helpers for contract tests: the coordinator, a draft contract, a full and valid draft body.</summary>
public static class ContractsKit
{
    public static HttpClient AsOsloCoordinator(this AktivApiFactory app) => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    /// <summary>A draft contract with the provider; returns its detail (with draft version 1).</summary>
    public static async Task<JsonElement> DraftContractAsync(this HttpClient manager, Guid providerId, string validFrom = "2026-01-01", string? validTo = null, decimal share = 0.3m)
    {
        var response = await manager.PostAsJsonAsync("/api/contracts", new { providerId, name = "Tjenestekonsesjon test", validFrom, validTo, coFinancingShare = share });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();

    public static JsonElement Version(this JsonElement contract, int number) =>
        contract.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == number);

    /// <summary>A draft with every kind of requirement that a test gym (open every day 06–23, capacity 1000, a personal trainer) meets.</summary>
    public static JsonObject ValidDraft(Guid locationId, string validFrom = "2026-01-01") => new()
    {
        ["validFrom"] = validFrom,
        ["coFinancingShare"] = 0.3m,
        ["capacity"] = new JsonArray(new JsonObject { ["locationId"] = JsonValue.Create(locationId), ["activityType"] = "SupervisedStrength", ["placesPerWeek"] = 40 }),
        ["availability"] = new JsonArray(new JsonObject
        {
            ["locationId"] = JsonValue.Create(locationId),
            ["isoDays"] = new JsonArray(1, 2, 3, 4, 5),
            ["opens"] = "07:00",
            ["closes"] = "21:00",
            ["features"] = new JsonArray(),
        }),
        ["content"] = new JsonObject { ["activityTypes"] = new JsonArray("SupervisedStrength", "GroupClass"), ["trainerCompetence"] = "PersonalTrainer" },
        ["kpis"] = new JsonArray(
            new JsonObject
            {
                ["metric"] = "adherence-by-week",
                ["parameters"] = new JsonObject { ["weeks"] = "12", ["share"] = "0.75" },
                ["threshold"] = 0.6m,
                ["period"] = "Quarter",
                ["minimumParticipants"] = 5,
            },
            new JsonObject { ["metric"] = "completion-rate", ["threshold"] = 0.5m, ["direction"] = "AtLeast", ["period"] = "Month", ["minimumParticipants"] = 10, ["category"] = "Result" }),
    };

    public static Task<HttpResponseMessage> PutDraftAsync(this HttpClient manager, Guid contractId, Guid versionId, JsonObject body) =>
        manager.PutAsync($"/api/contracts/{contractId}/versions/{versionId}", JsonContent.Create(body));

    public static Task<HttpResponseMessage> ActivateAsync(this HttpClient manager, Guid contractId, Guid versionId) =>
        manager.PostAsync($"/api/contracts/{contractId}/versions/{versionId}/activate", null);

    /// <summary>Asserts a 400 that names <paramref name="field"/> with <paramref name="code"/>.</summary>
    public static async Task ShouldNameFieldAsync(this HttpResponseMessage response, string field, string code)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty(field, out var list).ShouldBeTrue(errors.ToString());
        list.EnumerateArray().Select(e => e.GetProperty("code").GetString()).ShouldContain(code, errors.ToString());
    }

    /// <summary>Asserts a 409 with <paramref name="code"/> (naming <paramref name="field"/> when given).</summary>
    public static async Task ShouldConflictAsync(this HttpResponseMessage response, string code, string? field = null)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().ShouldBe(code);
        if (field is not null)
        {
            problem.GetProperty("field").GetString().ShouldBe(field);
        }
    }
}
