using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>
/// A rejected referral is not a dead end: the referrer sends it to another gym in one step, the rejected one stays as the
/// first gym answered it, the two name each other, and the new gym hears of it in its inbox.
/// </summary>
public sealed class ResendTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();
    private readonly HttpClient _osloGym = app.AsOsloGym();
    private readonly HttpClient _sterkGym = app.ClientAs(Roles.ProviderAdmin, org: DemoIdentities.SterkHverdagOrg);

    [Fact]
    public async Task A_rejected_referral_is_sent_to_another_gym_in_one_step_keeping_the_rejected_one_and_its_history()
    {
        var rejected = await RejectedAtOsloAsync();
        var sterk = await SterkLocationAsync();

        var response = await _gp.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = sterk });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var resent = (await response.Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;
        resent.Id.ShouldNotBe(rejected);
        resent.Status.ShouldBe(PrescriptionStatus.Issued);
        resent.Provider!.Name.ShouldBe("Sterk Hverdag AS");
        resent.Replaces.ShouldBe(rejected);
        resent.History.Select(h => h.To).ShouldBe([PrescriptionStatus.Draft, PrescriptionStatus.Issued]);

        var old = (await _gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{rejected}", Json.Options))!;
        old.Status.ShouldBe(PrescriptionStatus.Rejected);
        old.History.Select(h => h.To).ShouldBe([PrescriptionStatus.Draft, PrescriptionStatus.Issued, PrescriptionStatus.Rejected]);
        old.History[^1].Reason.ShouldBe("Fullt");
        old.ReplacedBy.ShouldBe(resent.Id);

        // The new gym sees the referral; the rejecting gym keeps its answer but does not learn where it went.
        (await _sterkGym.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{resent.Id}", Json.Options))!.Status.ShouldBe(PrescriptionStatus.Issued);
        (await _osloGym.GetAsync($"/api/prescriptions/{resent.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _osloGym.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{rejected}", Json.Options))!.ReplacedBy.ShouldBeNull();
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{resent.Id}" && a.Action == "create"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_gym_a_referral_is_sent_to_gets_an_inbox_message_and_the_gp_none_for_their_own_steps()
    {
        var rejected = await RejectedAtOsloAsync();
        var resent = (await (await _gp.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = await SterkLocationAsync() }))
            .Content.ReadFromJsonAsync<PrescriptionView>(Json.Options))!;

        await app.FanOutAsync();

        var sterkInbox = await app.QueryAsync(db => db.InboxMessages.Where(m => m.PrescriptionId == resent.Id && m.RecipientKind == RecipientKind.Provider).ToListAsync());
        sterkInbox.ShouldHaveSingleItem().Type.ShouldBe(PrescriptionEventType.SentToProvider);
        var osloInbox = await app.QueryAsync(db => db.InboxMessages.Where(m => m.PrescriptionId == rejected && m.RecipientKind == RecipientKind.Provider).Select(m => m.Type).ToListAsync());
        osloInbox.ShouldBe([PrescriptionEventType.SentToProvider, PrescriptionEventType.StatusChanged], ignoreOrder: true);

        // The GP hears of the gym's rejection only: issuing, sending and resending were their own.
        var gpInbox = await app.QueryAsync(db => db.InboxMessages.Where(m => (m.PrescriptionId == rejected || m.PrescriptionId == resent.Id) && m.RecipientKind == RecipientKind.Referrer).ToListAsync());
        gpInbox.ShouldHaveSingleItem().PrescriptionId.ShouldBe(rejected);
        gpInbox[0].Data.ShouldContain("Rejected");
    }

    [Fact]
    public async Task Resending_to_the_gym_that_rejected_names_the_field_and_saves_nothing()
    {
        var rejected = await RejectedAtOsloAsync();
        var before = await app.QueryAsync(db => db.Prescriptions.CountAsync());

        var response = await _gp.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = DemoIdentities.MajorstuenLocationId });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("locationId")[0].GetProperty("code").GetString().ShouldBe("prescription.resend-same-provider");
        (await app.QueryAsync(db => db.Prescriptions.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Only_a_rejected_referral_can_be_resent_and_only_by_its_referrer()
    {
        var issued = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        var sterk = await SterkLocationAsync();

        var notRejected = await _gp.PostAsJsonAsync($"/api/prescriptions/{issued}/resend", new { locationId = sterk });
        (await notRejected.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("prescription.only-rejected-can-be-resent");

        var rejected = await RejectedAtOsloAsync();
        (await app.AsPhysiotherapist().PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = sterk })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _osloGym.PostAsJsonAsync($"/api/prescriptions/{rejected}/resend", new { locationId = sterk })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{Guid.CreateVersion7()}/resend", new { locationId = sterk })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<Guid> RejectedAtOsloAsync()
    {
        var id = await _gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await _gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _osloGym.PostAsJsonAsync($"/api/prescriptions/{id}/reject", new { reason = "Fullt" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private Task<Guid> SterkLocationAsync() =>
        app.QueryAsync(db => db.Locations.Where(l => db.Providers.Any(p => p.Id == l.ProviderId && p.OrganisationNumber == DemoIdentities.SterkHverdagOrg)).Select(l => l.Id).FirstAsync());
}
