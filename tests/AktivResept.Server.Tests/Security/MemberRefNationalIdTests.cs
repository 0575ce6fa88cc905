using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Issue 20, item 6: a gym names its members by its own member number. A reference that is a fødselsnummer or D-number
/// (in any common spelling) is refused wherever a gym can give one, so no national id is stored or shown in clear.
/// All ids here are synthetic (month + 80).
/// </summary>
public sealed class MemberRefNationalIdTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string Code = "member-ref.national-id";

    private static readonly string DNumber = Fodselsnummer.Create(new DateOnly(1985, 3, 14), 123, synthetic: true, dNumber: true)!.Value;

    [Fact]
    public async Task A_webhook_event_naming_a_national_id_is_rejected_by_field_and_the_rest_of_the_batch_is_stored()
    {
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var member = "M-" + Guid.NewGuid().ToString("N")[..10];
        var prescription = await app.AcceptedPrescriptionAsync(member);
        var at = app.Clock.GetUtcNow().AddHours(-2);
        var fnr = DemoIdentities.ParticipantAnneFnr;
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var body = AttendanceKit.Batch(
            AttendanceKit.Event($"{prefix}-ok", location, member, at),
            AttendanceKit.Event($"{prefix}-fnr", location, fnr, at),
            AttendanceKit.Event($"{prefix}-d", location, DNumber, at),
            AttendanceKit.Event($"{prefix}-spaced", location, $"{fnr[..6]} {fnr[6..]}", at),
            AttendanceKit.Event($"{prefix}-prefixed", location, $"fnr:{fnr}", at));

        var response = await app.CreateClient().SendAsync(app.Signed(integration, body));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        result.GetProperty("stored").GetInt32().ShouldBe(1);
        var results = result.GetProperty("results").EnumerateArray().ToList();
        results[0].GetProperty("status").GetString().ShouldBe("stored");
        foreach (var rejected in results.Skip(1))
        {
            rejected.GetProperty("status").GetString().ShouldBe("rejected");
            rejected.GetProperty("errors").GetProperty("memberRef").EnumerateArray().ShouldHaveSingleItem().GetProperty("code").GetString().ShouldBe(Code);
        }

        (await app.AttendanceCountAsync(prescription)).ShouldBe(1);
        var stored = await app.QueryAsync(db => db.AttendanceRecords.Where(a => a.ExternalId.StartsWith(prefix)).Select(a => a.ExternalId).ToListAsync());
        stored.ShouldBe([$"{prefix}-ok"]);
        // The refused value is not echoed back either.
        (await response.Content.ReadAsStringAsync()).ShouldNotContain(fnr[6..]);
    }

    [Fact]
    public async Task A_gym_adding_a_national_id_as_member_number_gets_400_naming_the_field_and_nothing_is_saved()
    {
        var prescription = await app.AcceptedPrescriptionAsync(memberRef: null);
        var gym = app.AsOsloGym();

        var response = await gym.PostAsJsonAsync($"/api/prescriptions/{prescription}/member-refs", new { memberRef = $"{DNumber[..6]}-{DNumber[6..]}" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("memberRef")[0].GetProperty("code").GetString().ShouldBe(Code);
        var refs = await gym.GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/member-refs");
        refs.EnumerateArray().ShouldHaveSingleItem().GetProperty("memberRef").GetString()!.ShouldStartWith("apt_");
    }

    [Fact]
    public async Task Accepting_with_a_national_id_as_member_number_is_400_and_leaves_the_prescription_unaccepted()
    {
        var gp = app.AsGp();
        var gym = app.AsOsloGym();
        var location = DemoIdentities.GrunerlokkaLocationId;
        await app.QueryAsync(db => db.Locations.Where(l => l.Id == location).ExecuteUpdateAsync(s => s.SetProperty(l => l.Capacity, 100_000)));
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), start: OsloCalendar.DateOf(app.Clock.GetUtcNow())));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = location })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        var before = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());

        var response = await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id, memberRef = DemoIdentities.ParticipantBjornFnr });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("memberRef")[0].GetProperty("code").GetString().ShouldBe(Code);
        (await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync())).ShouldBe(before);
        before.ShouldNotBe(PrescriptionStatus.Accepted);
        (await app.QueryAsync(db => db.MemberLinks.CountAsync(m => m.MemberRef == DemoIdentities.ParticipantBjornFnr))).ShouldBe(0);
    }

    [Fact]
    public async Task A_member_number_of_eleven_digits_that_is_not_a_national_id_is_still_accepted()
    {
        // Eleven digits with a wrong control digit: a gym's numbering may be that long.
        var fnr = DemoIdentities.ParticipantCamillaFnr;
        var notAnId = fnr[..10] + (char)('0' + ((fnr[10] - '0' + 1) % 10));

        var prescription = await app.AcceptedPrescriptionAsync(notAnId);

        var refs = await app.AsOsloGym().GetFromJsonAsync<JsonElement>($"/api/prescriptions/{prescription}/member-refs");
        refs.EnumerateArray().Select(r => r.GetProperty("memberRef").GetString()).ShouldContain(notAnId);
    }
}
