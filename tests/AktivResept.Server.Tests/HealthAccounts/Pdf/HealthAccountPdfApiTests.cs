using System.Globalization;
using System.Net;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;

namespace AktivResept.Server.Tests.HealthAccounts.Pdf;

/// <summary>GET /api/health-accounts/{kind}/{key}/pdf on PostgreSQL: the same access, query and answers as the JSON, in Bokmål.</summary>
public sealed class HealthAccountPdfApiTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private HttpClient Oslo() => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    [Fact]
    public async Task The_coordinator_gets_the_pdf_of_their_municipality_with_the_assumptions_of_the_query()
    {
        var response = await Oslo().GetAsync("/api/health-accounts/municipality/0301/pdf?sickLeaveDailyCostNok=1234.50&discountRatePercent=3");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith("helseregnskap-municipality-0301-");
        var text = PdfText.Extract(await response.Content.ReadAsByteArrayAsync());
        text.ShouldContain("Helseregnskap – Oslo");
        text.ShouldContain("før–etter, ikke årsakssammenheng");
        text.ShouldContain(1234.50m.ToString("N2", CultureInfo.GetCultureInfo("nb-NO")) + " kr");
        text.ShouldContain("3 %");
    }

    [Fact]
    public async Task Another_municipalitys_pdf_is_not_found_and_an_assumption_out_of_range_is_a_400_naming_it()
    {
        var bergen = app.ClientAs(Roles.Municipality, org: DemoIdentities.BergenKommuneOrg);
        await (await bergen.GetAsync("/api/health-accounts/municipality/0301/pdf")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var problem = await (await Oslo().GetAsync("/api/health-accounts/municipality/0301/pdf?discountRatePercent=11")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["discountRatePercent"]);
    }

    [Fact]
    public async Task A_participant_is_refused_the_pdf()
    {
        var response = await app.AsParticipant(DemoIdentities.ParticipantAnneFnr).GetAsync("/api/health-accounts/municipality/0301/pdf");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("code").GetString().ShouldBe("forbidden.role");
    }
}
