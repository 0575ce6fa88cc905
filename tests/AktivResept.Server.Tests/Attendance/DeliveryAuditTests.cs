using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.AccessLog;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Attendance;

/// <summary>
/// Issue 19: a webhook delivery is audited by one record naming every participant it touched, and the person's access
/// log (innsyn) still shows that delivery to each of them, and to nobody else.
/// </summary>
public sealed class DeliveryAuditTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_delivery_is_one_audit_record_that_each_touched_persons_access_log_shows_and_nobody_elses()
    {
        var (first, second, untouched) = (TestData.NewNationalId(), TestData.NewNationalId(), TestData.NewNationalId());
        var (memberA, memberB, memberC) = ("DA-" + Guid.NewGuid().ToString("N")[..10], "DB-" + Guid.NewGuid().ToString("N")[..10], "DC-" + Guid.NewGuid().ToString("N")[..10]);
        var a = await app.AcceptedPrescriptionAsync(memberA, nationalId: first);
        var b = await app.AcceptedPrescriptionAsync(memberB, nationalId: second);
        await app.AcceptedPrescriptionAsync(memberC, nationalId: untouched);
        var participants = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == a || p.Id == b).Select(p => p.ParticipantId).ToListAsync());
        var integration = await app.CreateIntegrationAsync();
        var location = DemoIdentities.GrunerlokkaLocationId;
        var now = app.Clock.GetUtcNow();
        var body = AttendanceKit.Batch(
            AttendanceKit.Event("da1", location, memberA, now.AddDays(-2)),
            AttendanceKit.Event("db1", location, memberB, now.AddDays(-1)),
            AttendanceKit.Event("da2", location, memberA, now.AddHours(-1)),
            AttendanceKit.Event("dx1", location, "nobody-" + Guid.NewGuid().ToString("N"), now.AddHours(-1)));

        (await app.CreateClient().SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var actor = $"integration:{integration.Id}";
        var record = (await app.QueryAsync(db => db.AuditRecords.Where(r => r.Actor == actor).ToListAsync())).ShouldHaveSingleItem();
        record.SubjectPersonIds.ShouldBe(participants, ignoreOrder: true);
        foreach (var person in new[] { first, second })
        {
            var delivery = (await LogOfAsync(person)).Items.Where(e => e.Role == "integration").ShouldHaveSingleItem();
            delivery.Purpose.ShouldBe("attendance");
            delivery.Action.ShouldBe(AuditAction.Create);
            delivery.At.ShouldBe(now);
        }

        (await LogOfAsync(untouched)).Items.ShouldNotContain(e => e.Role == "integration");
    }

    [Fact]
    public async Task A_delivery_that_stores_nothing_new_names_nobody()
    {
        var member = "DR-" + Guid.NewGuid().ToString("N")[..10];
        await app.AcceptedPrescriptionAsync(member);
        var integration = await app.CreateIntegrationAsync();
        var body = AttendanceKit.Batch(AttendanceKit.Event("dr1", DemoIdentities.GrunerlokkaLocationId, member, app.Clock.GetUtcNow().AddHours(-1)));
        (await app.CreateClient().SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The same event again in a new delivery: stored once, so the second record touches nobody's data.
        (await app.CreateClient().SendAsync(app.Signed(integration, body))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var actor = $"integration:{integration.Id}";
        var records = await app.QueryAsync(db => db.AuditRecords.Where(r => r.Actor == actor).OrderBy(r => r.Id).ToListAsync());
        records.Count.ShouldBe(2);
        records[0].SubjectPersonIds.ShouldNotBeNull().Length.ShouldBe(1);
        records[1].SubjectPersonIds.ShouldBeNull();
    }

    private async Task<LogPage> LogOfAsync(string fnr)
    {
        var response = await app.AsParticipant(fnr).GetAsync("/api/me/access-log?pageSize=100");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LogPage>(Json.Options))!;
    }

    private sealed record LogPage(List<AccessLogEntry> Items, int Page, int PageSize, int Total);
}
