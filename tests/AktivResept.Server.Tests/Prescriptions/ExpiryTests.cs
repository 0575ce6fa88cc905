using System.Net.Http.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Prescriptions.Expiry;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Prescriptions;

/// <summary>Each test gets its own app (and clock), since moving time affects everything in the database.</summary>
public sealed class ExpiryTests : IAsyncLifetime
{
    private readonly AktivApiFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Issued_prescriptions_expire_after_the_acceptance_deadline_and_not_before()
    {
        var gp = _app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));

        _app.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        await RunJobAsync(_app);
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Issued);

        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await RunJobAsync(_app);
        (await StatusOf(id)).ShouldBe(PrescriptionStatus.Expired);

        var view = await gp.GetFromJsonAsync<PrescriptionView>($"/api/prescriptions/{id}", Json.Options);
        var last = view!.History[^1];
        last.From.ShouldBe(PrescriptionStatus.Issued);
        last.ActorRole.ShouldBe("system");
        last.Reason!.ShouldContain("14 days");
        (await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Resource == $"Prescription/{id}" && a.Action == "update:Expired")))
            .ShouldBe(1);
    }

    [Fact]
    public async Task Accepted_prescriptions_and_drafts_do_not_expire()
    {
        var gp = _app.AsGp();
        var draft = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), draft: true));
        var accepted = await _app.QueryAsync(db => db.Prescriptions.Where(p => p.Status == PrescriptionStatus.Accepted).Select(p => p.Id).FirstAsync());

        _app.Clock.Advance(TimeSpan.FromDays(60));
        await RunJobAsync(_app);

        (await StatusOf(draft)).ShouldBe(PrescriptionStatus.Draft);
        (await StatusOf(accepted)).ShouldBe(PrescriptionStatus.Accepted);
    }

    [Fact]
    public async Task Two_app_instances_running_the_job_at_once_expire_each_prescription_exactly_once()
    {
        var gp = _app.AsGp();
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId())));
        }

        await using var second = _app.SecondInstance();
        _app.Clock.Advance(TimeSpan.FromDays(15));

        var runs = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => Task.Run(() => RunJobAsync(i % 2 == 0 ? _app : second)))).Within(TestBudget.TwoNodes);

        var expiredNow = ids.Count;
        runs.Sum().ShouldBeGreaterThanOrEqualTo(expiredNow);
        foreach (var id in ids)
        {
            (await StatusOf(id)).ShouldBe(PrescriptionStatus.Expired);
        }

        var expiryChanges = await _app.QueryAsync(db => db.StatusChanges
            .Where(s => ids.Contains(s.PrescriptionId) && s.To == PrescriptionStatus.Expired)
            .GroupBy(s => s.PrescriptionId)
            .Select(g => g.Count())
            .ToListAsync());
        expiryChanges.Count.ShouldBe(ids.Count);
        expiryChanges.ShouldAllBe(count => count == 1);
        var auditRows = await _app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Action == "update:Expired" && a.Outcome == AuditOutcome.Success));
        auditRows.ShouldBe(runs.Sum());
    }

    private static async Task<int> RunJobAsync(AktivApiFactory instance)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpiryJob>().RunOnceAsync(CancellationToken.None);
    }

    private Task<PrescriptionStatus> StatusOf(Guid id) =>
        _app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());
}
