using System.Net;
using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Prescriptions;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>
/// The lists say what needs attention: a row carries its adherence as the adherence rule last computed it and its last
/// attendance, and when it was issued (the gym's reply-by runs from then, as the expiry job counts it).
/// </summary>
public sealed class ListAttentionTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_referrers_list_row_carries_the_computed_adherence_and_the_last_attendance()
    {
        var integration = await _app.CreateIntegrationAsync();
        var id = await _app.AcceptedPrescriptionAsync("m-list", start: Today().AddDays(-7));
        var attendedAt = _app.Clock.GetUtcNow().AddDays(-2);
        var response = await _app.CreateClient().SendAsync(_app.Signed(integration, AttendanceKit.Batch(AttendanceKit.Event("list-1", DemoIdentities.GrunerlokkaLocationId, "m-list", attendedAt))));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(all: true, CancellationToken.None);
        }

        var row = await RowAsync(id);
        var snapshot = await _app.QueryAsync(db => db.AdherenceSnapshots.AsNoTracking().SingleAsync(s => s.PrescriptionId == id));
        row.Attendance.ShouldNotBeNull();
        row.Attendance.AttendedSessions.ShouldBe(1);
        row.Attendance.PrescribedToDate.ShouldBe(snapshot.PrescribedToDate);
        snapshot.PrescribedToDate.ShouldBeGreaterThan(0);
        row.Attendance.Rate.ShouldBe(Domain.Adherence.AdherenceReport.RateOf(1, snapshot.PrescribedToDate));
        row.Attendance.LastAttendedAt!.Value.ToUnixTimeSeconds().ShouldBe(attendedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_waiting_row_carries_when_it_was_issued_and_the_reply_by_is_when_it_would_expire()
    {
        var gp = _app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await _app.AsOsloGym().GetFromJsonAsync<Page<PrescriptionSummary>>("/api/prescriptions?status=Issued", Json.Options);
        var row = page!.Items.Single(r => r.Id == id);
        row.IssuedAt.ShouldNotBeNull();
        var replyBy = _app.Services.GetRequiredService<IOptions<PrescriptionOptions>>().Value.ReplyBy(row.IssuedAt.Value);

        // Just before the reply-by the expiry job leaves it; at the reply-by it expires it.
        _app.Clock.SetUtcNow(replyBy.AddMinutes(-1));
        await ExpireAsync();
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Issued);
        _app.Clock.SetUtcNow(replyBy);
        await ExpireAsync();
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Expired);
    }

    private Task<PrescriptionStatus> StatusOf(Guid id) => _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());

    private async Task<int> ExpireAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Features.Prescriptions.Expiry.ExpiryJob>().RunOnceAsync(CancellationToken.None);
    }

    private async Task<PrescriptionSummary> RowAsync(Guid id)
    {
        var page = await _app.AsGp().GetFromJsonAsync<Page<PrescriptionSummary>>("/api/prescriptions?pageSize=200", Json.Options);
        return page!.Items.Single(r => r.Id == id);
    }

    private DateOnly Today() => Domain.Calendar.OsloCalendar.DateOf(_app.Clock.GetUtcNow());
}
