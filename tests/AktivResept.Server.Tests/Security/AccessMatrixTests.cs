using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Role × endpoint × own/foreign. Reads answer 200 to those with a relationship and the same 404 to everyone else;
/// writes by someone who may see but not act answer 403; nothing a refused caller sends changes the prescription,
/// and every answer except 401 leaves an audit row with the right outcome.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixFixture app) : IClassFixture<AccessMatrixFixture>
{
    private static readonly string[] Callers =
    [
        "referrer-own", "referrer-foreign", "ehr-own", "ehr-foreign", "participant-own", "participant-foreign",
        "provider-own", "provider-foreign", "trainer-own", "trainer-foreign", "municipality", "payer", "researcher", "anonymous",
    ];

    private static readonly Dictionary<string, string[]> CanRead = new()
    {
        ["GET {id}"] = ["referrer-own", "ehr-own", "participant-own", "provider-own", "trainer-own"],
        ["GET {id}/candidates"] = ["referrer-own", "ehr-own", "participant-own"],
        ["GET {id}/qualified-trainers"] = ["provider-own"],
    };

    /// <summary>Callers who can see the prescription but whose role may not take this step get 403.</summary>
    private static readonly Dictionary<string, (string Body, string[] Forbidden)> Writes = new()
    {
        ["POST {id}/cancel"] = ("{\"reason\":\"x\"}", ["participant-own", "provider-own", "trainer-own"]),
        ["POST {id}/reject"] = ("{\"reason\":\"x\"}", ["referrer-own", "ehr-own", "participant-own", "trainer-own"]),
        ["POST {id}/send"] = ("{\"locationId\":\"00000000-0000-0000-0000-000000000001\"}", ["provider-own", "trainer-own"]),
        ["POST {id}/issue"] = ("{}", ["participant-own", "provider-own", "trainer-own"]),
    };

    public static TheoryData<string, string> Reads()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in CanRead.Keys)
        {
            foreach (var caller in Callers)
            {
                data.Add(endpoint, caller);
            }
        }

        return data;
    }

    public static TheoryData<string, string> WriteCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Writes.Keys)
        {
            foreach (var caller in Callers.Where(c => !c.EndsWith("-own", StringComparison.Ordinal) || Writes[endpoint].Forbidden.Contains(c)))
            {
                data.Add(endpoint, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Reads_are_answered_only_to_those_with_a_relationship(string endpoint, string caller)
    {
        var path = "/api/prescriptions/" + endpoint["GET ".Length..].Replace("{id}", app.PrescriptionId.ToString(), StringComparison.Ordinal);
        var before = await AuditCountAsync(caller);

        var response = await app.Caller(caller).GetAsync(path);

        var expected = caller == "anonymous" ? HttpStatusCode.Unauthorized
            : CanRead[endpoint].Contains(caller) ? HttpStatusCode.OK
            : HttpStatusCode.NotFound;
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        await ShouldBeAuditedAsync(caller, before, expected);
    }

    [Theory]
    [MemberData(nameof(WriteCases))]
    public async Task Writes_by_anyone_but_the_responsible_party_are_refused_and_change_nothing(string endpoint, string caller)
    {
        var (body, forbidden) = Writes[endpoint];
        var path = "/api/prescriptions/" + endpoint["POST ".Length..].Replace("{id}", app.PrescriptionId.ToString(), StringComparison.Ordinal);
        var before = await AuditCountAsync(caller);
        var historyBefore = await app.QueryAsync(db => db.StatusChanges.CountAsync(s => s.PrescriptionId == app.PrescriptionId));

        var response = await app.Caller(caller).PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var expected = caller == "anonymous" ? HttpStatusCode.Unauthorized
            : forbidden.Contains(caller) ? HttpStatusCode.Forbidden
            : HttpStatusCode.NotFound;
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == app.PrescriptionId).Select(p => p.Status).SingleAsync()))
            .ShouldBe(PrescriptionStatus.Accepted);
        (await app.QueryAsync(db => db.StatusChanges.CountAsync(s => s.PrescriptionId == app.PrescriptionId))).ShouldBe(historyBefore);
        await ShouldBeAuditedAsync(caller, before, expected);
    }

    [Theory]
    [InlineData("referrer-own", true)]
    [InlineData("referrer-foreign", false)]
    [InlineData("participant-own", true)]
    [InlineData("participant-foreign", false)]
    [InlineData("provider-own", true)]
    [InlineData("provider-foreign", false)]
    [InlineData("trainer-own", true)]
    [InlineData("trainer-foreign", false)]
    [InlineData("municipality", false)]
    [InlineData("payer", false)]
    [InlineData("researcher", false)]
    public async Task Lists_contain_only_what_the_caller_may_see(string caller, bool sees)
    {
        var response = await app.Caller(caller).GetAsync("/api/prescriptions?pageSize=200");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadFromJsonAsync<ListPage>(Json.Options);
        page!.Items.Any(i => i.Id == app.PrescriptionId).ShouldBe(sees);
    }

    [Fact]
    public async Task Unknown_and_foreign_prescriptions_get_identical_answers()
    {
        var foreign = await app.Caller("referrer-foreign").GetAsync($"/api/prescriptions/{app.PrescriptionId}");
        var unknown = await app.Caller("referrer-foreign").GetAsync($"/api/prescriptions/{Guid.NewGuid()}");

        foreign.StatusCode.ShouldBe(unknown.StatusCode);
        var a = await foreign.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        var b = await unknown.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        a!["title"].ToString().ShouldBe(b!["title"].ToString());
        a["detail"].ToString().ShouldBe(b["detail"].ToString());
    }

    private sealed record ListItem(Guid Id);

    private sealed record ListPage(List<ListItem> Items);

    private Task<int> AuditCountAsync(string caller)
    {
        var role = AccessMatrixFixture.RoleOf(caller);
        var resource = $"Prescription/{app.PrescriptionId}";
        return app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Role == role && a.Resource.StartsWith(resource)));
    }

    private async Task ShouldBeAuditedAsync(string caller, int before, HttpStatusCode status)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            return;
        }

        var role = AccessMatrixFixture.RoleOf(caller);
        var resource = $"Prescription/{app.PrescriptionId}";
        var outcome = status == HttpStatusCode.OK ? AuditOutcome.Success : AuditOutcome.Denied;
        var rows = await app.QueryAsync(db => db.AuditRecords
            .Where(a => a.Role == role && a.Resource.StartsWith(resource))
            .OrderByDescending(a => a.Id)
            .Take(1)
            .ToListAsync());
        (await AuditCountAsync(caller)).ShouldBeGreaterThan(before);
        rows[0].Outcome.ShouldBe(outcome);
        rows[0].CorrelationId.ShouldNotBeNullOrEmpty();
        rows[0].Actor.ShouldNotBeNullOrEmpty();
    }
}
