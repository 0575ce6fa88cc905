using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Features.People;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Pilots;

/// <summary>A municipality payer of a test's own, with its coordinator's organisation number.</summary>
public sealed record TestMunicipality(Guid Id, string Org, string Kommunenummer, string Name);

/// <summary>Intent helpers for pilot tests: municipalities with and without contracts, residents, a pilot, an enrolment.</summary>
public static class PilotsKit
{
    public const string ConsentVersion = "samtykke-v1";

    public static HttpClient AsCoordinator(this AktivApiFactory app, TestMunicipality m) => app.ClientAs(Roles.Municipality, org: m.Org);

    public static async Task<TestMunicipality> OsloAsync(this AktivApiFactory app) =>
        await app.QueryAsync(db => db.Payers.Where(p => p.OrganisationNumber == DemoIdentities.OsloKommuneOrg)
            .Select(p => new TestMunicipality(p.Id, p.OrganisationNumber, p.Kommunenummer!, p.Name)).SingleAsync());

    /// <summary>A municipality payer and, when <paramref name="share"/> is given, an active concession with a demo gym at that co-financing share.</summary>
    public static async Task<TestMunicipality> MunicipalityAsync(this AktivApiFactory app, string kommunenummer, string name, decimal? share)
    {
        // One payer per kommunenummer: a class's tests share the fixture's database, so an earlier test's is reused.
        var existing = await app.QueryAsync(db => db.Payers.Where(p => p.Kommunenummer == kommunenummer)
            .Select(p => new TestMunicipality(p.Id, p.OrganisationNumber, kommunenummer, p.Name)).FirstOrDefaultAsync());
        if (existing is not null)
        {
            return existing;
        }

        var payer = new Payer { Kind = PayerKind.Municipality, Name = name, OrganisationNumber = ClaimsKit.NextOrganisationNumber(), Kommunenummer = kommunenummer, AccountIban = "NO8415030000118", Bic = "DNBANOKK" };
        await app.QueryAsync(async db =>
        {
            db.Payers.Add(payer);
            if (share is { } s)
            {
                var gym = await db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.BergenHelsetreningOrg).Select(p => p.Id).SingleAsync();
                var now = app.Clock.GetUtcNow();
                db.Contracts.Add(new Contract
                {
                    PayerId = payer.Id,
                    ProviderId = gym,
                    Name = $"Tjenestekonsesjon {name}",
                    Status = ContractStatus.Active,
                    StatusChangedAt = now,
                    StatusChangedBy = "test",
                    ValidFrom = new DateOnly(2026, 1, 1),
                    CreatedAt = now,
                    CreatedBy = "test",
                    Versions = [new ContractVersion { Number = 1, Status = ContractVersionStatus.Active, ValidFrom = new DateOnly(2026, 1, 1), CoFinancingShare = s, CreatedAt = now, CreatedBy = "test" }],
                });
            }

            return await db.SaveChangesAsync();
        });
        return new TestMunicipality(payer.Id, payer.OrganisationNumber, kommunenummer, name);
    }

    /// <summary>A person registered as living in the municipality; returns the national id.</summary>
    public static async Task<string> ResidentAsync(this AktivApiFactory app, string kommunenummer)
    {
        var fnr = TestData.NewNationalId();
        await using var scope = app.Services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(fnr);
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        db.People.Add(new Person { NationalIdHash = hash, GivenName = "Test", FamilyName = "Deltaker", BirthDate = new DateOnly(1970, 1, 1), Kommunenummer = kommunenummer });
        await db.SaveChangesAsync();
        return fnr;
    }

    public static object PilotBody(params TestMunicipality[] municipalities) => new
    {
        name = "Helsefunn-piloten",
        cohortTarget = 1000,
        enrolmentFrom = "2026-09-01",
        enrolmentTo = "2027-08-31",
        followUpMonths = new[] { 0, 6, 12, 24, 36 },
        consentTextVersion = ConsentVersion,
        municipalities = municipalities.Select(m => new { municipalityId = m.Id, target = 100 }).ToArray(),
        viewers = new[] { new { role = Roles.Payer, organisationNumber = DemoIdentities.StatePayerOrg } },
    };

    public static async Task<JsonElement> CreatePilotAsync(this HttpClient lead, object body)
    {
        var response = await lead.PostAsJsonAsync("/api/pilots", body);
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        return json;
    }

    public static Task<HttpResponseMessage> EnrolAsync(this HttpClient coordinator, Guid pilotId, string fnr, bool consent = true, string version = ConsentVersion) =>
        coordinator.PostAsJsonAsync($"/api/pilots/{pilotId}/enrolments", consent
            ? new { nationalId = fnr, consent = (object?)new { given = true, textVersion = version } }
            : new { nationalId = fnr, consent = (object?)null });

    public static async Task<JsonElement> EnrolledAsync(this HttpClient coordinator, Guid pilotId, string fnr)
    {
        var response = await coordinator.EnrolAsync(pilotId, fnr);
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        return json;
    }

    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, json.ToString());
        return json;
    }
}
