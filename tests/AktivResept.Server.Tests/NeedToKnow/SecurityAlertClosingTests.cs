using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.SecurityAlerts;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.NeedToKnow;

/// <summary>
/// Issue 21: the security officer closes an alert with a note on what they found (audited); the note is required, a
/// closed alert cannot be closed again, and nobody else may close one.
/// </summary>
public sealed class SecurityAlertClosingTests(NeedToKnowApp app) : IClassFixture<NeedToKnowApp>
{
    [Fact]
    public async Task The_security_officer_closes_an_alert_once_with_a_note_and_the_close_is_audited()
    {
        var nav = app.ClientAs(Roles.Referrer, DemoIdentities.NavCounsellorHpr, DemoIdentities.NavOrg);
        for (var i = 0; i < NeedToKnowApp.AlertThreshold; i++)
        {
            (await nav.PostAsJsonAsync("/api/eligibility/check", new { nationalId = TestData.NewNationalId(), purpose = "ny-henvisning" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var officer = app.ClientAs(Roles.SecurityOfficer);
        var alert = (await AlertsAsync(officer)).Single(a => a.Hpr == DemoIdentities.NavCounsellorHpr);
        alert.ClosedAt.ShouldBeNull();
        var close = $"/api/security/alerts/{alert.Id}/close";

        var noNote = await officer.PostAsJsonAsync(close, new { note = "  " });
        (await noNote.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("note")[0].GetProperty("code").GetString().ShouldBe("required-max-length");
        var tooLong = await officer.PostAsJsonAsync(close, new { note = new string('x', 1001) });
        (await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("note")[0].GetProperty("code").GetString().ShouldBe("required-max-length");
        (await app.AsGp().PostAsJsonAsync(close, new { note = "ok" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AsOsloGym().PostAsJsonAsync(close, new { note = "ok" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await officer.PostAsJsonAsync($"/api/security/alerts/{Guid.CreateVersion7()}/close", new { note = "ok" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AlertsAsync(officer)).Single(a => a.Id == alert.Id).ClosedAt.ShouldBeNull();

        app.Clock.Advance(TimeSpan.FromMinutes(30));
        var closed = await officer.PostAsJsonAsync(close, new { note = "Oppslagene gjaldt en kartlegging NAV hadde avtalt med fastlegene." });
        closed.StatusCode.ShouldBe(HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());
        var again = await officer.PostAsJsonAsync(close, new { note = "På nytt" });

        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("security-alert.already-closed");
        var listed = (await AlertsAsync(officer)).Single(a => a.Id == alert.Id);
        listed.ClosedAt.ShouldBe(app.Clock.GetUtcNow());
        listed.ClosingNote.ShouldBe("Oppslagene gjaldt en kartlegging NAV hadde avtalt med fastlegene.");
        listed.ClosedByName.ShouldNotBeNullOrWhiteSpace();
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"SecurityAlert/{alert.Id}" && a.Action == "update:close" && a.Role == Roles.SecurityOfficer))).ShouldBe(1);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"SecurityAlert/{alert.Id}" && a.Outcome == Server.Common.Audit.AuditOutcome.Denied))).ShouldBe(2);
    }

    private static async Task<List<SecurityAlertView>> AlertsAsync(HttpClient officer) =>
        (await officer.GetFromJsonAsync<AlertPage>("/api/security/alerts", Json.Options))!.Items;

    private sealed record AlertPage(List<SecurityAlertView> Items, int Page, int PageSize, int Total);
}
