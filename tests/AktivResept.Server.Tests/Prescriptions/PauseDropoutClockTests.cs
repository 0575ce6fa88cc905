using System.Net;
using AktivResept.Domain.Adherence;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>Its own database and clock: the adherence job's verdicts depend on how much time has passed.</summary>
public sealed class PauseDropoutClockTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();
    private HttpClient _anonymous = null!;
    private TestIntegration _integration = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _anonymous = _app.CreateClient();
        _integration = await _app.CreateIntegrationAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Paused_days_do_not_count_towards_dropping_out()
    {
        var paused = await _app.AcceptedForParticipantAsync("m-paused");
        var control = await _app.AcceptedForParticipantAsync("m-control");
        await CheckInAsync("m-paused", "p1");
        await CheckInAsync("m-control", "c1");
        await RunAsync();
        (await StatusOf(paused.Id)).ShouldBe(PrescriptionStatus.Active);
        var today = _app.Today();
        (await paused.PauseAsync(today.AddDays(1), today.AddDays(20), reason: "illness")).StatusCode.ShouldBe(HttpStatusCode.OK);

        _app.Clock.Advance(TimeSpan.FromDays(28));
        await RunAsync();

        (await StatusOf(control.Id)).ShouldBe(PrescriptionStatus.DroppedOut);
        (await StatusOf(paused.Id)).ShouldBe(PrescriptionStatus.Active);
        var snapshot = await _app.QueryAsync(db => db.AdherenceSnapshots.AsNoTracking().SingleAsync(s => s.PrescriptionId == paused.Id));
        snapshot.Verdict.ShouldBe(AdherenceVerdict.OnTrack); // 8 silent days: the 20 paused ones do not count
    }

    private async Task RunAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdherenceJob>().RunOnceAsync(true, CancellationToken.None);
    }

    private async Task CheckInAsync(string member, string eventId)
    {
        var at = _app.Clock.GetUtcNow().AddHours(-1);
        var response = await _anonymous.SendAsync(_app.Signed(_integration, AttendanceKit.Batch(AttendanceKit.Event(eventId, DemoIdentities.GrunerlokkaLocationId, member, at))));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private Task<PrescriptionStatus> StatusOf(Guid id) => _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());
}
