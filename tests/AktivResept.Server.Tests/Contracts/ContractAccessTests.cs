using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Contracts;

/// <summary>
/// Who sees and changes an Oslo contract with Aktiv Trening Oslo: Oslo's coordinator and payer manage it, the gym's
/// admin reads it, and another municipality, another gym and a referrer get 404 (not-yours is not-found).
/// </summary>
public sealed class ContractAccessTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>, IAsyncLifetime
{
    private string _bergenKommuneOrg = string.Empty;
    private Guid _contractId;
    private Guid _versionId;

    public async Task InitializeAsync()
    {
        _bergenKommuneOrg = ClaimsKit.NextOrganisationNumber();
        await app.QueryAsync(async db =>
        {
            db.Payers.Add(new Payer { Kind = PayerKind.Municipality, Name = "Bergen kommune (test)", OrganisationNumber = _bergenKommuneOrg, AccountIban = "NO8415030000118", Bic = "DNBANOKK" });
            return await db.SaveChangesAsync();
        });
        var oslo = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var contract = await app.AsOsloCoordinator().DraftContractAsync(oslo, validFrom: "2026-01-01");
        _contractId = contract.Id();
        _versionId = contract.Version(1).Id();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, bool, bool> Parties => new()
    {
        // who, may read, may manage
        { "oslo-coordinator", true, true },
        { "oslo-payer", true, true },
        { "oslo-gym", true, false },
        { "bergen-coordinator", false, false },
        { "bergen-gym", false, false },
        { "referrer", false, false },
        { "participant", false, false },
    };

    private HttpClient Caller(string who) => who switch
    {
        "oslo-coordinator" => app.AsOsloCoordinator(),
        "oslo-payer" => app.AsOsloKommunePayer(),
        "oslo-gym" => app.AsOsloGym(),
        "bergen-coordinator" => app.ClientAs(Roles.Municipality, org: _bergenKommuneOrg),
        "bergen-gym" => app.AsBergenGym(),
        "referrer" => app.AsGp(),
        "participant" => app.AsParticipant(DemoIdentities.ParticipantAnneFnr),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    [Theory]
    [MemberData(nameof(Parties))]
    public async Task Only_the_parties_see_a_contract_and_only_the_payers_side_changes_it(string who, bool mayRead, bool mayManage)
    {
        var client = Caller(who);

        var read = await client.GetAsync($"/api/contracts/{_contractId}");
        var list = await (await client.GetAsync("/api/contracts?pageSize=200")).ReadJsonAsync();
        var edit = await client.PutDraftAsync(_contractId, _versionId, ContractsKit.ValidDraft(DemoIdentities.GrunerlokkaLocationId));

        read.StatusCode.ShouldBe(mayRead ? HttpStatusCode.OK : HttpStatusCode.NotFound);
        list.GetProperty("items").EnumerateArray().Any(c => c.Id() == _contractId).ShouldBe(mayRead);
        edit.StatusCode.ShouldBe(mayManage ? HttpStatusCode.OK : mayRead ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound, await edit.Content.ReadAsStringAsync());
        if (mayRead)
        {
            (await read.ReadJsonAsync()).GetProperty("canManage").GetBoolean().ShouldBe(mayManage);
        }
    }

    [Theory]
    [InlineData("oslo-gym")]
    [InlineData("bergen-gym")]
    [InlineData("referrer")]
    public async Task Only_the_payers_side_creates_contracts(string who)
    {
        var response = await Caller(who).PostAsJsonAsync("/api/contracts", new { providerId = Guid.NewGuid(), name = "X", validFrom = "2026-01-01" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("forbidden.contract-manager-only");
    }

    [Fact]
    public async Task An_unknown_contract_is_not_found_for_its_would_be_manager()
    {
        var coordinator = app.AsOsloCoordinator();

        (await coordinator.GetAsync($"/api/contracts/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await coordinator.ActivateAsync(Guid.NewGuid(), Guid.NewGuid())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await coordinator.ActivateAsync(_contractId, Guid.NewGuid())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_page_is_refused_naming_the_field()
    {
        await (await app.AsOsloCoordinator().GetAsync("/api/contracts?pageSize=0")).ShouldNameFieldAsync("pageSize", "between");
    }
}
