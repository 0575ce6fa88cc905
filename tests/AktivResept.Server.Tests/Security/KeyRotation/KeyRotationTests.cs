using System.Net;
using System.Net.Http.Headers;
using AktivResept.Server.Cli;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Security.KeyRotation;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Security.KeyRotation;

/// <summary>
/// Rotating the person-data key on a running system (docs/security.md "Key rotation"): values written under the
/// legacy key A, then a ring {A, B} with B current, the re-encryption job, and A retired — all through the FHIR API of
/// app instances on one PostgreSQL database, as an operator would change the configuration between restarts.
/// </summary>
public sealed class KeyRotationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly string KeyB = DevelopmentSecrets.NewKey();

    [Fact]
    public async Task Rotating_to_a_new_key_keeps_every_value_readable_and_findable_and_the_old_key_can_then_be_retired()
    {
        var before = new[] { TestData.NewNationalId(), TestData.NewNationalId(), TestData.NewNationalId() };
        foreach (var fnr in before)
        {
            await app.AsGp().CreatePatientAsync(fnr);
        }

        (await KeyIdsOfPeopleAsync(before)).ShouldAllBe(k => k == PersonDataEnvelope.LegacyKeyId);

        await using var rotated = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:PersonDataKeys:B", KeyB);
            b.UseSetting("Security:PersonDataKeyId", "B");
            b.UseSetting("Security:Rekey:BatchSize", "3");
        });
        foreach (var fnr in before)
        {
            (await NationalIdFoundAsync(rotated, fnr)).ShouldBe(fnr, "a value under the old key still opens");
        }

        var added = TestData.NewNationalId();
        await Gp(rotated).CreatePatientAsync(added);
        (await KeyIdsOfPeopleAsync([added])).ShouldBe(["B"], "new values use the current key");

        var pending = await StatusAsync(rotated);
        pending.CurrentKeyId.ShouldBe("B");
        pending.UnderOlderKeys.ShouldBeGreaterThan(before.Length);
        pending.UnderUnknownKeys.ShouldBe(0);

        RekeyResult result;
        await using (var scope = rotated.Services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<PersonDataRekeyJob>().RunAsync(CancellationToken.None);
        }

        result.Rewritten.ShouldBe(pending.UnderOlderKeys);
        result.Unreadable.ShouldBe(0);
        result.Batches.ShouldBeGreaterThan(1, "batches of three");
        (await StatusAsync(rotated)).UnderOlderKeys.ShouldBe(0);
        (await StatusAsync(rotated)).Counts.ShouldAllBe(c => c.KeyId == "B");
        var auditRows = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Actor == PersonDataRekeyJob.System.Id).ToListAsync());
        auditRows.Count.ShouldBe(result.Batches, "one system audit record per batch");
        auditRows.ShouldAllBe(a => a.Role == "system" && a.Resource.StartsWith("KeyRotation/", StringComparison.Ordinal));

        await using (var scope = rotated.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<PersonDataRekeyJob>().RunAsync(CancellationToken.None)).Rewritten.ShouldBe(0, "a second pass finds nothing left");
        }

        await using var retired = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:PersonDataKey", string.Empty);
            b.UseSetting("Security:PersonDataKeys:B", KeyB);
            b.UseSetting("Security:PersonDataKeyId", "B");
        });
        foreach (var fnr in before.Append(added))
        {
            (await NationalIdFoundAsync(retired, fnr)).ShouldBe(fnr, "found by its lookup hash and opened under B alone");
        }

        await using (var scope = retired.Services.CreateAsyncScope())
        {
            var cipher = scope.ServiceProvider.GetRequiredService<AtRestCipher>();
            var lookup = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>();
            var people = await scope.ServiceProvider.GetRequiredService<AktivDbContext>().People.AsNoTracking().ToListAsync();
            people.ShouldNotBeEmpty();
            people.ShouldAllBe(p => lookup.Of(cipher.Decrypt(p.NationalIdCipher)) == p.NationalIdHash, "every plaintext is the one its lookup hash was made from");
        }

        (await retired.CreateClient().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<string?> NationalIdFoundAsync(WebApplicationFactory<Program> instance, string fnr)
    {
        var bundle = await Gp(instance).GetFhirAsync<Bundle>($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");
        return bundle.Resources<Patient>().ShouldHaveSingleItem().Identifier.Single(i => i.System == FhirData.Fnr).Value;
    }

    private HttpClient Gp(WebApplicationFactory<Program> instance) => KeyRotationClients.Gp(app, instance);

    private async Task<List<string>> KeyIdsOfPeopleAsync(IEnumerable<string> nationalIds)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var lookup = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>();
        var hashes = nationalIds.Select(lookup.Of).ToList();
        var ciphers = await scope.ServiceProvider.GetRequiredService<AktivDbContext>().People.Where(p => hashes.Contains(p.NationalIdHash)).Select(p => p.NationalIdCipher).ToListAsync();
        ciphers.Count.ShouldBe(hashes.Count);
        return [.. ciphers.Select(c => AtRestCipher.KeyIdOf(c))];
    }

    private static async Task<KeyStatus> StatusAsync(WebApplicationFactory<Program> instance)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PersonDataKeyStatus>().ReadAsync(CancellationToken.None);
    }
}

/// <summary>A value under a key the ring does not hold: a clear failure, never a 500, and the status names it.</summary>
public sealed class UnknownKeyTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_value_under_a_key_not_in_the_ring_is_a_503_naming_no_internals_and_key_status_reports_it()
    {
        var fnr = TestData.NewNationalId();
        var patient = Guid.Parse(await app.AsGp().CreatePatientAsync(fnr));
        var elsewhere = new AtRestCipher(PersonDataKeyRing.From(new PersonDataKeyOptions
        {
            PersonDataKeys = new() { ["C"] = DevelopmentSecrets.NewKey() },
            PersonDataKeyId = "C",
        }));
        await app.QueryAsync(db => db.People.Where(p => p.Id == patient)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.NationalIdCipher, elsewhere.Encrypt(Domain.Identifiers.Fodselsnummer.Parse(fnr, allowSynthetic: true)))));

        var response = await app.AsGp().GetFhirAsync($"/fhir/Patient?identifier={FhirData.Fnr}|{fnr}");

        var outcome = await response.ShouldBeOutcomeAsync(HttpStatusCode.ServiceUnavailable);
        outcome.Codes().ShouldBe(["service-unavailable.person-data-key"]);
        outcome.Issue[0].Diagnostics!.ShouldNotContain("'C'");

        await using var scope = app.Services.CreateAsyncScope();
        var output = new StringWriter();
        var error = new StringWriter();
        (await KeyVerbs.StatusAsync(scope.ServiceProvider, output, error, CancellationToken.None)).ShouldBe(1);
        output.ToString().ShouldContain("People.NationalIdCipher: 1 value(s) under C (NOT IN THE RING)");
        error.ToString().ShouldContain("1 value(s) are under keys the ring does not hold");

        var rekeyed = await scope.ServiceProvider.GetRequiredService<PersonDataRekeyJob>().RunAsync(CancellationToken.None);
        rekeyed.Unreadable.ShouldBe(1, "left as it is, for the operator to restore its key");
        var stored = await app.QueryAsync(db => db.People.Where(p => p.Id == patient).Select(p => p.NationalIdCipher).SingleAsync());
        AtRestCipher.KeyIdOf(stored).ShouldBe("C");
    }
}

internal static class KeyRotationClients
{
    /// <summary>The demo GP's client on another instance of the test app (same signing key, database and clock).</summary>
    public static HttpClient Gp(AktivApiFactory app, WebApplicationFactory<Program> instance)
    {
        var client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg));
        client.DefaultRequestHeaders.Add(LookupPurpose.Header, LookupPurpose.FollowUp);
        return client;
    }
}
