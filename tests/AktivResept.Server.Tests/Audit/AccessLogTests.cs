using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.AccessLog;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// Innsyn (issue 22): <c>GET /api/me/access-log</c> shows the signed-in person every access to their data by others,
/// who, when, what and why, look-ups by national id and refused attempts included, and nobody else's.
/// </summary>
public sealed class AccessLogTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_referrers_look_up_by_national_id_appears_with_who_what_and_why()
    {
        var (fnr, _) = await APersonWithAPrescriptionAsync();

        (await app.AsPhysiotherapist().PostAsJsonAsync("/api/eligibility/check", new { nationalId = fnr, purpose = "ny-henvisning" })).EnsureSuccessStatusCode();

        var log = await LogOfAsync(fnr);
        var lookup = log.Items.Where(e => e.Category == AuditCategories.Eligibility && e.Outcome == AuditOutcome.Success).ShouldHaveSingleItem();
        lookup.Role.ShouldBe(Roles.Referrer);
        lookup.Hpr.ShouldBe(DemoIdentities.PhysiotherapistHpr);
        lookup.OrganisationNumber.ShouldBe(DemoIdentities.PhysioOrg);
        var physio = await app.QueryAsync(db => db.Referrers.SingleAsync(r => r.Hpr == DemoIdentities.PhysiotherapistHpr && r.OrganisationNumber == DemoIdentities.PhysioOrg));
        lookup.ActorName.ShouldBe(physio.Name);
        lookup.OrganisationName.ShouldBe(physio.OrganisationName);
        lookup.Purpose.ShouldBe(LookupPurpose.NewReferral);
        lookup.Action.ShouldBe(AuditAction.Read);
        lookup.At.ShouldBe(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task The_issuing_referrers_accesses_are_listed_newest_first_and_the_persons_own_are_not()
    {
        var (fnr, id) = await APersonWithAPrescriptionAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        (await app.AsGp().GetAsync($"/api/prescriptions/{id}")).EnsureSuccessStatusCode();
        (await app.AsParticipant(fnr).GetAsync($"/api/prescriptions/{id}")).EnsureSuccessStatusCode();

        var log = await LogOfAsync(fnr);

        log.Items.Select(e => (e.Category, e.Action)).ShouldBe([(AuditCategories.Prescription, AuditAction.Read), (AuditCategories.Prescription, AuditAction.Create)]);
        log.Items.ShouldAllBe(e => e.OrganisationNumber == DemoIdentities.GpOfficeOrg && e.Hpr == DemoIdentities.GpHpr);
        log.Items[0].At.ShouldBeGreaterThan(log.Items[1].At);
        log.Total.ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_attempt_against_the_person_appears_as_refused()
    {
        var (fnr, id) = await APersonWithAPrescriptionAsync();

        (await app.AsBergenGym().GetAsync($"/api/prescriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AsOsloGym().PostAsJsonAsync("/api/eligibility/check", new { nationalId = fnr, purpose = "ny-henvisning" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var denied = (await LogOfAsync(fnr)).Items.Where(e => e.Outcome == AuditOutcome.Denied).ToList();
        denied.Select(e => (e.OrganisationNumber, e.Category)).ShouldBe(
            [(DemoIdentities.AktivTreningOsloOrg, AuditCategories.Eligibility), (DemoIdentities.BergenHelsetreningOrg, AuditCategories.Prescription)]);
        denied.ShouldAllBe(e => e.Role == Roles.ProviderAdmin && e.OrganisationName != null);
    }

    [Fact]
    public async Task Another_person_sees_nothing_of_it_and_a_person_we_hold_nothing_on_sees_an_empty_log()
    {
        var (fnr, id) = await APersonWithAPrescriptionAsync();
        (await app.AsPhysiotherapist().PostAsJsonAsync("/api/eligibility/check", new { nationalId = fnr, purpose = "ny-henvisning" })).EnsureSuccessStatusCode();
        var (other, _) = await APersonWithAPrescriptionAsync();

        var theirs = await LogOfAsync(other);
        var nobody = await LogOfAsync(TestData.NewNationalId());

        theirs.Items.ShouldNotBeEmpty();
        theirs.Items.ShouldNotContain(e => e.Category == AuditCategories.Eligibility);
        var rowsAboutFirst = await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{id}"));
        rowsAboutFirst.ShouldBeGreaterThan(0);
        theirs.Total.ShouldBe(1);
        nobody.Items.ShouldBeEmpty();
        nobody.Total.ShouldBe(0);
    }

    [Fact]
    public async Task The_log_is_paged()
    {
        var (fnr, id) = await APersonWithAPrescriptionAsync();
        for (var i = 0; i < 3; i++)
        {
            (await app.AsGp().GetAsync($"/api/prescriptions/{id}")).EnsureSuccessStatusCode();
        }

        var first = await LogOfAsync(fnr, "?page=1&pageSize=3");
        var second = await LogOfAsync(fnr, "?page=2&pageSize=3");

        first.Total.ShouldBe(4);
        first.Items.Count.ShouldBe(3);
        second.Items.ShouldHaveSingleItem().Action.ShouldBe(AuditAction.Create);
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?page=0", "page")]
    public async Task A_page_out_of_range_is_a_400_naming_the_field(string query, string field)
    {
        var response = await app.AsParticipant(TestData.NewNationalId()).GetAsync($"/api/me/access-log{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_the_participant_role_has_an_access_log()
    {
        var response = await app.AsGp().GetAsync("/api/me/access-log");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("code").GetString().ShouldBe("forbidden.participant-only");
    }

    [Fact]
    public async Task Reading_ones_access_log_is_itself_audited()
    {
        var (fnr, _) = await APersonWithAPrescriptionAsync();
        var before = await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "AccessLog" && a.Role == Roles.Participant));

        await LogOfAsync(fnr);

        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "AccessLog" && a.Role == Roles.Participant))).ShouldBe(before + 1);
    }

    private async Task<(string Fnr, Guid PrescriptionId)> APersonWithAPrescriptionAsync()
    {
        var fnr = TestData.NewNationalId();
        return (fnr, await app.AsGp().IssueAsync(TestData.IssueRequest(fnr)));
    }

    private async Task<LogPage> LogOfAsync(string fnr, string query = "")
    {
        var response = await app.AsParticipant(fnr).GetAsync($"/api/me/access-log{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LogPage>(Json.Options))!;
    }

    private sealed record LogPage(List<AccessLogEntry> Items, int Page, int PageSize, int Total);
}
