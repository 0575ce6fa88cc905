using System.Net;
using System.Text.RegularExpressions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Auth.Oidc;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Issue 14's session details, through a real ID-porten-like provider (<see cref="LocalOidcProvider"/>): ID-porten gives
/// only <c>pid</c>, so the name comes from our registers; a citizen who holds a position may act as a participant and
/// switch back; every sign-in and sign-out leaves an audit row (who, when, method, level) that «innsyn» lists.
/// </summary>
public sealed partial class OidcParticipantSessionTests(OidcApiFactory app) : IClassFixture<OidcApiFactory>
{
    private async Task<(OidcBrowser Browser, string Body, Uri Url)> SignInAsync(string pid, string subject)
    {
        app.Provider.NextUser = new LocalOidcUser(subject, new Dictionary<string, string> { ["pid"] = pid, ["acr"] = "idporten-loa-high" });
        var browser = app.Browser();
        var (url, response, body) = await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.IdPorten}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (browser, body, url);
    }

    [Fact]
    public async Task The_session_has_the_name_from_our_register_and_sign_in_and_out_are_audited_and_shown_in_innsyn()
    {
        var anne = await PersonIdAsync(DemoIdentities.ParticipantAnneFnr);
        var before = await SessionRowsAsync(anne);

        var (browser, body, url) = await SignInAsync(DemoIdentities.ParticipantAnneFnr, "idporten-anne-audit");
        url.AbsolutePath.ShouldBe("/min-side");
        // The provider's token has no name claim (ID-porten sends none): the header shows the name we hold.
        body.ShouldContain("Anne Hansen");
        var (_, _, page) = await browser.GetAsync("/min-side");
        await browser.PostAsync("/konto/logg-ut", new() { ["__RequestVerificationToken"] = OidcBrowser.FormToken(page) });
        browser.Dispose();

        var rows = (await SessionRowsAsync(anne)).Skip(before.Count).ToList();
        rows.Select(r => (r.Action, r.Resource, r.Actor)).ShouldBe(
        [
            (SignInAudit.SignIn, "Session/idporten/idporten-loa-high", "idporten-anne-audit"),
            (SignInAudit.SignOut, "Session/idporten/idporten-loa-high", "idporten-anne-audit"),
        ]);

        var (again, _, _) = await SignInAsync(DemoIdentities.ParticipantAnneFnr, "idporten-anne-audit-2");
        using (again)
        {
            var (_, response, innsyn) = await again.GetAsync("/innsyn");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var signIns = SignInsSection().Match(innsyn);
            signIns.Success.ShouldBeTrue(innsyn);
            signIns.Value.ShouldContain("Du logget inn");
            signIns.Value.ShouldContain("Du logget ut");
            signIns.Value.ShouldContain("med ID-porten");
            signIns.Value.ShouldContain("sikkerhetsnivå høyt");
        }
    }

    [Fact]
    public async Task A_citizen_with_a_position_may_act_as_a_participant_and_switch_back()
    {
        var signedIn = await SignInAsync(DemoIdentities.TrainerAktivInstruktorFnr, "idporten-per-roles");
        using var browser = signedIn.Browser;
        var (body, url) = (signedIn.Body, signedIn.Url);
        url.AbsolutePath.ShouldBe(WebPaths.HomeFor(Roles.Trainer));
        body.ShouldContain("Per Aktiv");
        body.ShouldContain("Bytt rolle");

        var (_, _, chooser) = await browser.GetAsync(WebPaths.ChooseRole);
        chooser.ShouldContain("Meg selv: deltaker");
        var (asParticipant, _, home) = await browser.PostAsync(WebPaths.ChooseRole, new() { ["choice"] = Roles.Participant, ["__RequestVerificationToken"] = OidcBrowser.FormToken(chooser) });
        asParticipant.AbsolutePath.ShouldBe("/min-side");
        home.ShouldContain("<h1>Min side</h1>");
        home.ShouldContain("Bytt rolle");
        (await browser.GetAsync("/trener")).Body.ShouldNotContain("<h1>Mine deltakere</h1>");

        // The way back: the chooser marks «deltaker» as the role in use and offers the position again.
        (_, _, chooser) = await browser.GetAsync(WebPaths.ChooseRole);
        ChosenParticipant().IsMatch(chooser).ShouldBeTrue(chooser);
        var (back, _, _) = await browser.PostAsync(WebPaths.ChooseRole, new() { ["choice"] = $"{Roles.Trainer}:{DemoIdentities.AktivTreningOsloOrg}", ["__RequestVerificationToken"] = OidcBrowser.FormToken(chooser) });
        back.AbsolutePath.ShouldBe(WebPaths.HomeFor(Roles.Trainer));
    }

    [Fact]
    public async Task A_HelseID_session_cannot_choose_to_act_as_a_participant()
    {
        app.Provider.NextUser = new LocalOidcUser("helseid-kari-roles", new Dictionary<string, string>
        {
            [HelseIdClaims.HprNumber] = DemoIdentities.GpHpr,
            [HelseIdClaims.OrganisationChild] = DemoIdentities.GpOfficeOrg,
            [HelseIdClaims.SecurityLevel] = "4",
            // A referrer who is also a citizen holding a position: still not a participant session through HelseID.
            [HelseIdClaims.Pid] = DemoIdentities.TrainerAktivInstruktorFnr,
        });
        using var browser = app.Browser();
        await browser.GetAsync($"{OidcSignIn.StartPath}/{OidcProviders.HelseId}");
        var (_, _, chooser) = await browser.GetAsync(WebPaths.ChooseRole);
        chooser.ShouldNotContain("Meg selv: deltaker");

        var (url, _, _) = await browser.PostAsync(WebPaths.ChooseRole, new() { ["choice"] = Roles.Participant, ["__RequestVerificationToken"] = OidcBrowser.FormToken(chooser) });

        url.AbsolutePath.ShouldNotBe("/min-side");
    }

    private Task<Guid> PersonIdAsync(string fnr) =>
        app.QueryAsync(async db =>
        {
            var hash = app.Services.GetRequiredService<NationalIdLookupHash>().Of(fnr);
            return await db.People.Where(p => p.NationalIdHash == hash).Select(p => p.Id).SingleAsync();
        });

    private Task<List<Server.Common.Audit.AuditRecord>> SessionRowsAsync(Guid person) =>
        app.QueryAsync(db => db.AuditRecords.AsNoTracking()
            .Where(a => a.SubjectPersonId == person && EF.Functions.Like(a.Resource, SignInAudit.Resource + "/%"))
            .OrderBy(a => a.Id).ToListAsync());

    [GeneratedRegex("data-testid=\"sign-ins\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex SignInsSection();

    [GeneratedRegex("Meg selv: deltaker</button>\\s*<p[^>]*>[^<]*rollen du bruker nå")]
    private static partial Regex ChosenParticipant();
}
