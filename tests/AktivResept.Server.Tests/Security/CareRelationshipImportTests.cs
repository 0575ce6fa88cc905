using System.Net;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// The built-in side of the regular-GP register adapter (issue 20, item 7): an extract imported with
/// <c>import-care-relationships</c> is what lets a GP who moved practice keep seeing the prescriptions of the patients
/// who moved along, and nothing else.
/// </summary>
public sealed class CareRelationshipImportTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string NewPracticeOrg = DemoIdentities.GpSecondPracticeOrg;

    [Fact]
    public async Task An_imported_relationship_lets_the_gp_at_the_new_practice_see_that_patients_prescription_only()
    {
        var gp = app.AsGp();
        var movedNationalId = TestData.NewNationalId();
        var moved = await gp.IssueAsync(TestData.IssueRequest(movedNationalId));
        var stayed = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var newPractice = app.ClientAs(Roles.Referrer, DemoIdentities.GpHpr, NewPracticeOrg);
        (await newPractice.GetAsync($"/api/prescriptions/{moved}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var result = await ImportAsync($"nationalId,hpr,organisationNumber,since\n{movedNationalId},{DemoIdentities.GpHpr},{NewPracticeOrg},2026-11-01\n");

        result.Succeeded.ShouldBeTrue();
        result.Imported.ShouldBe(1);
        (await newPractice.GetAsync($"/api/prescriptions/{moved}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await newPractice.GetAsync($"/api/prescriptions/{stayed}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_later_row_replaces_the_relationship_and_people_we_hold_no_record_of_are_not_stored()
    {
        var nationalId = TestData.NewNationalId();
        var prescription = await app.AsGp().IssueAsync(TestData.IssueRequest(nationalId));
        var stranger = TestData.NewNationalId();
        var before = await app.QueryAsync(db => db.CareRelationships.CountAsync());

        var result = await ImportAsync(
            $"{nationalId},{DemoIdentities.GpHpr},{NewPracticeOrg},2026-10-01\n" +
            $"{stranger},{DemoIdentities.GpHpr},{NewPracticeOrg},2026-10-01\n" +
            $"{nationalId},{DemoIdentities.GpHpr},{DemoIdentities.GpOfficeOrg},2026-11-15\n");

        result.Imported.ShouldBe(1);
        result.NotOurs.ShouldBe(1);
        (await app.QueryAsync(db => db.CareRelationships.CountAsync())).ShouldBe(before + 1);
        var stored = await app.QueryAsync(db => db.CareRelationships
            .SingleAsync(c => db.Prescriptions.Any(p => p.Id == prescription && p.ParticipantId == c.PersonId)));
        stored.OrganisationNumber.ShouldBe(DemoIdentities.GpOfficeOrg);
        (await app.ClientAs(Roles.Referrer, DemoIdentities.GpHpr, NewPracticeOrg).GetAsync($"/api/prescriptions/{prescription}"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task One_bad_row_means_nothing_is_stored_and_every_bad_field_is_named()
    {
        var nationalId = TestData.NewNationalId();
        await app.AsGp().IssueAsync(TestData.IssueRequest(nationalId));
        var before = await app.QueryAsync(db => db.CareRelationships.CountAsync());

        var result = await ImportAsync(
            $"{nationalId},{DemoIdentities.GpHpr},{NewPracticeOrg},2026-10-01\n" +
            $"12345678901,{DemoIdentities.GpHpr},{NewPracticeOrg},2026-10-01\n" +
            $"{nationalId},12,{NewPracticeOrg},2026-10-01\n" +
            $"{nationalId},{DemoIdentities.GpHpr},123,2026-10-01\n" +
            $"{nationalId},{DemoIdentities.GpHpr},{NewPracticeOrg},01.10.2026\n" +
            "only,three,cells\n");

        result.Succeeded.ShouldBeFalse();
        result.Imported.ShouldBe(0);
        result.Errors.Select(e => (e.Line, e.Field)).ShouldBe([(2, "nationalId"), (3, "hpr"), (4, "organisationNumber"), (5, "since"), (6, "row")]);
        (await app.QueryAsync(db => db.CareRelationships.CountAsync())).ShouldBe(before);
    }

    private async Task<CareRelationshipImportResult> ImportAsync(string csv)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CareRelationshipImporter>().ImportAsync(new StringReader(csv), CancellationToken.None);
    }
}
