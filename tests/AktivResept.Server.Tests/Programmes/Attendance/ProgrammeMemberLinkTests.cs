using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Programmes.Booking;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Attendance;

/// <summary>
/// A person on the programme only (no prescription at the gym): the running gym links its member number to the
/// registration, so the door system's check-in pre-fills their attendance — once, however often the delivery comes.
/// </summary>
public sealed class ProgrammeMemberLinkTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_gym_links_its_member_number_to_a_programme_only_person_and_their_door_check_in_prefills_attended_once()
    {
        var gymId = await app.QueryAsync(db => db.Providers.Where(p => p.OrganisationNumber == DemoIdentities.AktivTreningOsloOrg).Select(p => p.Id).SingleAsync());
        var programme = await ProgrammeTestData.OsloWeeklyClassAsync(app, weeks: 1, @operator: ProgrammeOperator.GymUnderContract, providerId: gymId);
        var session = programme.SessionIds[0];
        await app.RegisteredPersonAsync(programme.ProgrammeId);
        await app.RegisteredPersonAsync(programme.ProgrammeId);
        var registrations = await app.QueryAsync(db => db.ProgrammeRegistrations.AsNoTracking().Where(r => r.ProgrammeId == programme.ProgrammeId).OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).ToListAsync());
        var (kari, other) = (registrations[0], registrations[1]);
        var booking = await ProgrammeTestData.BookAsync(app, session, kari.PersonId);
        var url = $"/api/programmes/{programme.ProgrammeId}/registrations/{kari.Id}/member-refs";
        using var gym = app.AsOsloGym();

        var coordinator = await app.AsOsloCoordinator().PostAsJsonAsync(url, new { memberRef = "AT-7781" });
        var otherGym = await app.ClientAs(Roles.ProviderAdmin, org: DemoIdentities.SterkHverdagOrg).PostAsJsonAsync(url, new { memberRef = "AT-7781" });
        var nationalId = await gym.PostAsJsonAsync(url, new { memberRef = TestData.NewNationalId() });
        var linked = await gym.PostAsJsonAsync(url, new { memberRef = "AT-7781" });
        var taken = await gym.PostAsJsonAsync($"/api/programmes/{programme.ProgrammeId}/registrations/{other.Id}/member-refs", new { memberRef = "AT-7781" });
        var listed = await gym.GetFromJsonAsync<JsonElement>(url, Json.Options);

        (await coordinator.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("forbidden.programme-member-ref");
        otherGym.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await nationalId.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("memberRef", out _).ShouldBeTrue();
        linked.StatusCode.ShouldBe(HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        (await linked.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("memberRef").GetString()).ShouldContain("AT-7781");
        (await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("member-ref.taken");
        listed.EnumerateArray().Select(m => m.GetProperty("memberRef").GetString()).ShouldBe(["AT-7781"]);

        // The door system knows her only by its own number: 20 minutes before the class she checks in.
        var integration = await app.CreateIntegrationAsync();
        var starts = await app.QueryAsync(db => db.ProgrammeSessions.Where(s => s.Id == session).Select(s => s.StartsAt).SingleAsync());
        app.Clock.SetUtcNow(starts.AddMinutes(-20));
        var body = AttendanceKit.Batch(AttendanceKit.Event("door-programme-only", DemoIdentities.GrunerlokkaLocationId, "AT-7781", app.Clock.GetUtcNow()));
        using var anonymous = app.CreateClient();
        var first = await anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_programme_only"));
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var marked = await app.QueryAsync(db => db.ProgrammeBookings.AsNoTracking().SingleAsync(b => b.Id == booking));
        var retry = await anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_programme_only"));
        var resent = await anonymous.SendAsync(app.Signed(integration, body, webhookId: "msg_programme_only_again"));

        marked.Status.ShouldBe(BookingStatus.Attended);
        marked.StatusChangedBy.ShouldBe(ProgrammeCheckIns.CheckInMarker);
        retry.Headers.GetValues("webhook-replayed").ShouldBe(["true"]);
        resent.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await app.QueryAsync(db => db.ProgrammeBookings.AsNoTracking().SingleAsync(b => b.Id == booking));
        (after.Status, after.Version, after.StatusChangedAt).ShouldBe((marked.Status, marked.Version, marked.StatusChangedAt));
        (await app.QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.ParticipantId == kari.PersonId))).ShouldBe(1);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"ProgrammeRegistration/{kari.Id}/member-refs" && a.SubjectPersonId == kari.PersonId))).ShouldBeGreaterThanOrEqualTo(2);
    }
}
