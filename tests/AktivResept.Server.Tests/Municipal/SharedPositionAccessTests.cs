using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Municipal;

/// <summary>
/// Siri Sterk holds a shared position: personal trainer at Aktiv Trening Oslo (60 %) and health coach at Oslo kommune's
/// frisklivssentral (40 %). What she may see follows the role she acts in: as the gym's trainer her participants and no
/// municipal data; as the municipality's staff its data and none of her participants.
/// </summary>
public sealed class SharedPositionAccessTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly string[] MunicipalData = ["/api/municipality/overview", "/api/municipality/staff", "/api/municipality/waiting-referrals", "/api/municipality/overview/months.csv"];

    private HttpClient SiriAtTheGym() => app.ClientAs(Roles.Trainer, org: DemoIdentities.AktivTreningOsloOrg, fnr: DemoIdentities.TrainerSharedPositionFnr);

    private HttpClient SiriAtTheMunicipality() => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg, fnr: DemoIdentities.TrainerSharedPositionFnr);

    /// <summary>A prescription at Aktiv Trening Oslo with Siri as its trainer.</summary>
    private async Task<Guid> SirisParticipantAsync()
    {
        var gp = app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).EnsureSuccessStatusCode();
        var siri = await app.Services.TrainerIdAsync(DemoIdentities.TrainerSharedPositionFnr);
        (await app.AsOsloGym().PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = siri })).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task Acting_as_the_gyms_trainer_she_sees_her_participant_and_no_municipal_data()
    {
        var id = await SirisParticipantAsync();
        var siri = SiriAtTheGym();

        (await siri.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var path in MunicipalData)
        {
            var response = await siri.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("forbidden.role", path);
        }
    }

    [Fact]
    public async Task Acting_for_the_municipality_she_sees_its_data_and_none_of_her_participants()
    {
        var id = await SirisParticipantAsync();
        var siri = SiriAtTheMunicipality();

        foreach (var path in MunicipalData)
        {
            (await siri.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        (await siri.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await siri.GetAsync("/api/prescriptions?pageSize=200")).ReadJsonAsync();
        list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldNotContain(id);
    }

    [Fact]
    public async Task Acting_as_trainer_for_a_gym_where_she_holds_no_position_she_sees_nothing()
    {
        var id = await SirisParticipantAsync();
        var elsewhere = app.ClientAs(Roles.Trainer, org: DemoIdentities.BergenHelsetreningOrg, fnr: DemoIdentities.TrainerSharedPositionFnr);

        (await elsewhere.GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_person_without_a_current_municipal_position_cannot_act_for_the_municipality()
    {
        // Per Aktiv works only at the gym; Jon Utløpt gets a municipal position that ended yesterday.
        var per = app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg, fnr: DemoIdentities.TrainerAktivInstruktorFnr);
        var jonId = await app.Services.TrainerIdAsync(DemoIdentities.TrainerExpiredFnr);
        await app.QueryAsync(async db =>
        {
            db.TrainerRoles.Add(new TrainerRole
            {
                TrainerId = jonId,
                OrganisationNumber = DemoIdentities.OsloKommuneOrg,
                OrganisationName = "Oslo kommune",
                Title = "Helseveileder",
                Kind = PositionKind.Municipality,
                Share = 0.2m,
                ValidFrom = TestData.Today.AddYears(-1),
                ValidTo = TestData.Today.AddDays(-1),
            });
            return await db.SaveChangesAsync();
        });
        var jon = app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg, fnr: DemoIdentities.TrainerExpiredFnr);

        foreach (var client in new[] { per, jon })
        {
            foreach (var path in MunicipalData)
            {
                (await client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            }
        }
    }

    [Fact]
    public async Task The_municipality_lists_its_shared_staff_with_certifications_and_the_gym_sees_which_trainers_are_shared()
    {
        var municipal = await (await app.AsOsloCoordinatorForStaff().GetAsync("/api/municipality/staff")).ReadJsonAsync();
        var gym = await (await app.AsOsloGym().GetAsync("/api/providers/me/staff")).ReadJsonAsync();

        var siri = municipal.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Siri Sterk");
        siri.GetProperty("shared").GetBoolean().ShouldBeTrue();
        siri.GetProperty("position").GetProperty("share").GetDecimal().ShouldBe(0.4m);
        siri.GetProperty("position").GetProperty("kind").GetString().ShouldBe("Municipality");
        var atGym = siri.GetProperty("elsewhere").EnumerateArray().Single();
        atGym.GetProperty("organisationName").GetString().ShouldBe("Aktiv Trening Oslo AS");
        atGym.GetProperty("share").GetDecimal().ShouldBe(0.6m);
        siri.GetProperty("certifications").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ShouldBe(["PersonalTrainer", "HealthCoach"], ignoreOrder: true);
        municipal.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldNotContain("Per Aktiv");

        var trainers = gym.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s);
        trainers["Siri Sterk"].GetProperty("shared").GetBoolean().ShouldBeTrue();
        trainers["Siri Sterk"].GetProperty("position").GetProperty("share").GetDecimal().ShouldBe(0.6m);
        // The gym learns where else she works, not her terms there.
        var elsewhere = trainers["Siri Sterk"].GetProperty("elsewhere").EnumerateArray().Single();
        elsewhere.GetProperty("organisationName").GetString().ShouldBe("Oslo kommune");
        elsewhere.GetProperty("share").GetDecimal().ShouldBe(0m);
        elsewhere.GetProperty("validFrom").ValueKind.ShouldBe(JsonValueKind.Null);
        trainers["Per Aktiv"].GetProperty("shared").GetBoolean().ShouldBeFalse();
        trainers.ShouldNotContainKey("Ingrid Vik");
    }

    [Fact]
    public async Task Staff_lists_are_refused_to_other_roles_and_audited()
    {
        (await app.AsOsloGym().GetAsync("/api/municipality/staff")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsOsloCoordinatorForStaff().GetAsync("/api/providers/me/staff")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsGp().GetAsync("/api/providers/me/staff")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var before = await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "Provider/staff" && a.Outcome == Server.Common.Audit.AuditOutcome.Success));
        (await app.AsOsloGym().GetAsync("/api/providers/me/staff")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "Provider/staff" && a.Outcome == Server.Common.Audit.AuditOutcome.Success))).ShouldBe(before + 1);
    }
}

internal static class MunicipalKit
{
    public static HttpClient AsOsloCoordinatorForStaff(this AktivApiFactory app) => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);
}
