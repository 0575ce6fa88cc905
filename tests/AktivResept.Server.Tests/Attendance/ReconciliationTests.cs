using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Attendance;

public sealed class ReconciliationTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _anonymous = app.CreateClient();
    private readonly HttpClient _gym = app.AsOsloGym();

    [Fact]
    public async Task An_unknown_member_waits_in_the_queue_until_linked_and_then_counts_with_its_siblings()
    {
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: null);
        var stranger = "card-" + Guid.NewGuid().ToString("N")[..8];
        var now = app.Clock.GetUtcNow();
        var result = await (await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(
            AttendanceKit.Event("u1", location, stranger, now.AddDays(-2)),
            AttendanceKit.Event("u2", location, stranger, now.AddDays(-1)))))).ReadJsonAsync();
        result.GetProperty("queued").GetInt32().ShouldBe(2);
        result.GetProperty("results")[0].GetProperty("reason").GetString().ShouldBe("unknown-member");
        (await app.AttendanceCountAsync(prescription)).ShouldBe(0);

        var pending = await _gym.GetFromJsonAsync<JsonElement>("/api/integrations/reconciliation?pageSize=200");
        var item = pending.EnumerateArray().Single(p => p.GetProperty("externalId").GetString() == "u1");
        var link = await _gym.PostAsJsonAsync($"/api/integrations/reconciliation/{item.GetProperty("id").GetGuid()}/link", new { prescriptionId = prescription });

        link.StatusCode.ShouldBe(HttpStatusCode.OK, await link.Content.ReadAsStringAsync());
        (await link.ReadJsonAsync()).GetProperty("alsoLinked").GetInt32().ShouldBe(1);
        (await app.AttendanceCountAsync(prescription)).ShouldBe(2);
        var later = await (await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(AttendanceKit.Event("u3", location, stranger, now.AddHours(-1)))))).ReadJsonAsync();
        later.GetProperty("stored").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task An_event_on_a_day_no_prescription_covers_is_queued_and_can_be_dismissed_with_a_reason()
    {
        var member = "early-" + Guid.NewGuid().ToString("N")[..6];
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        await app.AcceptedPrescriptionAsync(member, start: TestDataToday());
        var result = await (await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(
            AttendanceKit.Event("before", location, member, app.Clock.GetUtcNow().AddDays(-3)))))).ReadJsonAsync();
        result.GetProperty("results")[0].GetProperty("reason").GetString().ShouldBe("no-prescription-on-date");
        var id = result.GetProperty("results")[0].GetProperty("attendanceId").GetGuid();

        var noReason = await _gym.PostAsJsonAsync($"/api/integrations/reconciliation/{id}/dismiss", new { reason = "" });
        var dismissed = await _gym.PostAsJsonAsync($"/api/integrations/reconciliation/{id}/dismiss", new { reason = "Prøvetime før oppstart" });
        var again = await _gym.PostAsJsonAsync($"/api/integrations/reconciliation/{id}/dismiss", new { reason = "igjen" });

        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("reason");
        dismissed.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_provider_and_other_roles_see_nothing_of_the_queue()
    {
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var result = await (await _anonymous.SendAsync(app.Signed(integration, AttendanceKit.Batch(
            AttendanceKit.Event("hidden", location, "nobody-" + Guid.NewGuid().ToString("N")[..6], app.Clock.GetUtcNow().AddHours(-1)))))).ReadJsonAsync();
        var id = result.GetProperty("results")[0].GetProperty("attendanceId").GetGuid();
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: null);

        var bergenList = await app.AsBergenGym().GetFromJsonAsync<JsonElement>("/api/integrations/reconciliation");
        var bergenLink = await app.AsBergenGym().PostAsJsonAsync($"/api/integrations/reconciliation/{id}/link", new { prescriptionId = prescription });
        var gpList = await app.AsGp().GetAsync("/api/integrations/reconciliation");

        bergenList.EnumerateArray().ShouldNotContain(p => p.GetProperty("id").GetGuid() == id);
        bergenLink.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        gpList.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private DateOnly TestDataToday() => Domain.Calendar.OsloCalendar.DateOf(app.Clock.GetUtcNow());
}
