using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Booking;

/// <summary>
/// The staff list of who is registered: the coordinator and the running gym see it (every listed person an audited
/// read), only the running gym sees its member numbers, anyone else gets what an unknown programme gets.
/// </summary>
public sealed class ProgrammeRosterTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Staff_who_manage_the_programme_see_who_is_registered_and_only_the_running_gym_sees_its_member_numbers()
    {
        var gymId = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, @operator: ProgrammeOperator.GymUnderContract, providerId: gymId);
        var url = $"/api/programmes/{programme.ProgrammeId}/registrations";
        var other = await app.RegisteredPersonAsync(programme.ProgrammeId);
        var fnr = TestData.NewNationalId();
        await app.GiveBenefitAsync(fnr, BenefitKind.UnemploymentBenefit, TestData.Today.AddDays(-30), null);
        using var coordinator = app.AsOsloCoordinator();
        var registered = await coordinator.PostAsJsonAsync(url, new { nationalId = fnr, givenName = "Åse", familyName = "Rostad_Lund", kommunenummer = "0301" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var ase = await app.QueryAsync(db => db.ProgrammeRegistrations.AsNoTracking()
            .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { r, p.FamilyName })
            .Where(x => x.r.ProgrammeId == programme.ProgrammeId && x.FamilyName == "Rostad_Lund").Select(x => x.r).SingleAsync());
        using var gym = app.AsOsloGym();
        var linked = await gym.PostAsJsonAsync($"{url}/{ase.Id}/member-refs", new { memberRef = "AT-5150" });
        linked.StatusCode.ShouldBe(HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        var readsBefore = await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"ProgrammeRegistration/{ase.Id}" && a.SubjectPersonId == ase.PersonId));

        var asGym = await gym.GetFromJsonAsync<JsonElement>(url, Json.Options);
        var asCoordinator = await coordinator.GetFromJsonAsync<JsonElement>(url, Json.Options);
        var byName = await gym.GetFromJsonAsync<JsonElement>($"{url}?name=rostad_l", Json.Options);
        var wildcard = await gym.GetFromJsonAsync<JsonElement>($"{url}?name=%25", Json.Options);
        using var otherGym = app.ClientAs(Roles.ProviderAdmin, org: DemoIdentities.SterkHverdagOrg);
        var notTheirs = await otherGym.GetAsync(url);
        using var participant = app.AsParticipant(other);
        var participantAsks = await participant.GetAsync(url);
        var unknown = await gym.GetAsync($"/api/programmes/{Guid.NewGuid()}/registrations");

        asGym.GetProperty("linksMemberNumbers").GetBoolean().ShouldBeTrue();
        asGym.GetProperty("total").GetInt32().ShouldBe(2);
        var aseRow = asGym.GetProperty("registrations").EnumerateArray().Single(r => r.GetProperty("registrationId").GetGuid() == ase.Id);
        aseRow.GetProperty("name").GetString().ShouldBe("Åse Rostad_Lund");
        aseRow.GetProperty("basis").GetString().ShouldBe(nameof(ProgrammeEligibilityBasis.Benefit));
        aseRow.GetProperty("memberRefs").EnumerateArray().Select(m => m.GetString()).ShouldBe(["AT-5150"]);
        asCoordinator.GetProperty("linksMemberNumbers").GetBoolean().ShouldBeFalse();
        asCoordinator.GetProperty("registrations").EnumerateArray().ShouldAllBe(r => r.GetProperty("memberRefs").ValueKind == JsonValueKind.Null);
        byName.GetProperty("registrations").EnumerateArray().Select(r => r.GetProperty("registrationId").GetGuid()).ShouldBe([ase.Id]);
        wildcard.GetProperty("total").GetInt32().ShouldBe(0);
        notTheirs.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        participantAsks.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Gym list, coordinator list and the name search each listed her: three reads naming her.
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"ProgrammeRegistration/{ase.Id}" && a.SubjectPersonId == ase.PersonId)))
            .ShouldBe(readsBefore + 3);
    }
}
