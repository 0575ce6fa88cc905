using System.Net;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

public sealed class DirectoryTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Providers_are_organizations_found_by_name_number_and_municipality()
    {
        var participant = app.AsParticipant(DemoIdentities.ParticipantAnneFnr);

        var byName = await participant.GetFhirAsync<Bundle>("/fhir/Organization?name=aktiv");
        byName.Resources<Organization>().Select(o => o.Name).ShouldBe(["Aktiv Trening Oslo AS"]);
        var contains = await participant.GetFhirAsync<Bundle>("/fhir/Organization?name:contains=aktiv");
        contains.Resources<Organization>().Select(o => o.Name).ShouldBe(["Aktiv Trening Oslo AS", "Midtbyen Aktiv AS"], ignoreOrder: true);
        var byNumber = await participant.GetFhirAsync<Bundle>($"/fhir/Organization?identifier={FhirData.OrgNr}|{DemoIdentities.BergenHelsetreningOrg}");
        var bergen = byNumber.Resources<Organization>().ShouldHaveSingleItem();
        bergen.Identifier[0].Value.ShouldBe(DemoIdentities.BergenHelsetreningOrg);
        var inBergen = await participant.GetFhirAsync<Bundle>("/fhir/Organization?municipality=4601");
        inBergen.Resources<Organization>().Select(o => o.Name).ShouldBe(["Bergen Helsetrening AS", "Fjordbyen Treningssenter AS"], ignoreOrder: true);

        (await participant.GetFhirAsync<Organization>($"/fhir/Organization/{bergen.Id}")).Name.ShouldBe("Bergen Helsetrening AS");
        await (await participant.GetFhirAsync($"/fhir/Organization/{Guid.NewGuid()}")).ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Locations_carry_address_municipality_position_and_accessibility()
    {
        var gp = app.AsGp();
        var oslo = (await gp.GetFhirAsync<Bundle>($"/fhir/Organization?identifier={DemoIdentities.AktivTreningOsloOrg}")).Resources<Organization>().Single();

        var bundle = await gp.GetFhirAsync<Bundle>($"/fhir/Location?organization=Organization/{oslo.Id}");

        bundle.Total.ShouldBe(2);
        var grunerlokka = bundle.Resources<Location>().Single(l => l.Id == DemoIdentities.GrunerlokkaLocationId.ToString());
        grunerlokka.Address!.Line.ShouldBe(["Thorvald Meyers gate 40"]);
        grunerlokka.Address.PostalCode.ShouldBe("0555");
        grunerlokka.Address.District.ShouldBe("Oslo");
        grunerlokka.Address.GetExtension(FhirData.MunicipalityExtension)!.Value.ShouldBeOfType<Coding>().Code.ShouldBe("0301");
        grunerlokka.Position!.Latitude.ShouldNotBeNull();
        grunerlokka.ManagingOrganization!.Reference.ShouldBe($"Organization/{oslo.Id}");
        grunerlokka.Extension.Count(e => e.Url == FhirData.Ext + "accessibility-feature").ShouldBe(7);
        (await gp.GetFhirAsync<Bundle>("/fhir/Location?municipality=5001")).Total.ShouldBe(2);
        (await gp.GetFhirAsync<Location>($"/fhir/Location/{grunerlokka.Id}")).Name.ShouldBe("Aktiv Trening Grünerløkka");
    }

    [Fact]
    public async Task Trainer_roles_are_practitioner_roles_with_certifications_and_reads_are_audited()
    {
        var gp = app.AsGp();
        var oslo = (await gp.GetFhirAsync<Bundle>($"/fhir/Organization?identifier={DemoIdentities.AktivTreningOsloOrg}")).Resources<Organization>().Single();

        var roles = await gp.GetFhirAsync<Bundle>($"/fhir/PractitionerRole?organization=Organization/{oslo.Id}");

        roles.Resources<PractitionerRole>().Select(r => r.Practitioner!.Display).ShouldBe(["Per Aktiv", "Siri Sterk", "Jon Utløpt"], ignoreOrder: true);
        var per = roles.Resources<PractitionerRole>().Single(r => r.Practitioner!.Display == "Per Aktiv");
        per.Organization!.Reference.ShouldBe($"Organization/{oslo.Id}");
        per.Specialty.SelectMany(s => s.Coding).Select(c => c.Code).ShouldBe(["AktivInstruktor", "PersonalTrainer"], ignoreOrder: true);
        per.Extension.Count(e => e.Url == FhirData.Ext + "certification").ShouldBe(2);
        var expired = roles.Resources<PractitionerRole>().Single(r => r.Practitioner!.Display == "Jon Utløpt");
        expired.Specialty.ShouldBeEmpty();

        var instructors = await gp.GetFhirAsync<Bundle>($"/fhir/PractitionerRole?specialty={FhirData.CodeSystem}certification-kind|AktivInstruktor");
        instructors.Resources<PractitionerRole>().Select(r => r.Practitioner!.Display).ShouldBe(["Per Aktiv", "Ingrid Vik"], ignoreOrder: true);
        var sharedPosition = await gp.GetFhirAsync<Bundle>("/fhir/PractitionerRole?municipality=0301");
        sharedPosition.Resources<PractitionerRole>().Count(r => r.Practitioner!.Display == "Siri Sterk").ShouldBe(1);

        await gp.GetFhirAsync<PractitionerRole>($"/fhir/PractitionerRole/{per.Id}");
        var audited = await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"PractitionerRole/{per.Id}" && a.Action == AuditAction.Read));
        audited.ShouldBe(1);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == "PractitionerRole?search"))).ShouldBeGreaterThanOrEqualTo(3);
    }
}
