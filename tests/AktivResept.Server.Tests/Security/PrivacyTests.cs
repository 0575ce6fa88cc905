using System.Collections.Concurrent;
using System.Net.Http.Json;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AktivResept.Server.Tests.Security;

/// <summary>National ids never reach logs, audit rows or the database in clear text.</summary>
public sealed class PrivacyTests(PrivacyTests.LogCapturingFactory app) : IClassFixture<PrivacyTests.LogCapturingFactory>
{
    [Fact]
    public async Task A_full_referral_never_writes_the_national_id_in_clear_text()
    {
        var fnr = TestData.NewNationalId();
        var gp = app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(fnr));
        await gp.GetAsync($"/api/prescriptions/{id}");
        await gp.GetAsync($"/api/prescriptions/{id}/candidates");
        await gp.PostAsJsonAsync("/api/prescriptions", TestData.IssueRequest(fnr[..10] + "X"));

        app.Logs.ShouldNotBeEmpty();
        app.Logs.ShouldAllBe(line => !line.Contains(fnr));
        var personId = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ParticipantId).SingleAsync());
        var person = await app.QueryAsync(db => db.People.SingleAsync(p => p.Id == personId));
        System.Text.Encoding.ASCII.GetString(person.NationalIdCipher).ShouldNotContain(fnr);
        person.NationalIdHash.ShouldNotContain(fnr);
        var auditText = string.Join('\n', await app.QueryAsync(db => db.AuditRecords.Select(a => a.Resource + a.Actor + a.Purpose + a.CorrelationId).ToListAsync()));
        auditText.ShouldNotContain(fnr);
    }

    [Fact]
    public async Task The_participant_appears_in_audit_rows_by_internal_id_only()
    {
        var gp = app.AsGp();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        await gp.GetAsync($"/api/prescriptions/{id}");

        var personId = await app.QueryAsync(db => db.Prescriptions.Where(p => p.Id == id).Select(p => p.ParticipantId).SingleAsync());
        var rows = await app.QueryAsync(db => db.AuditRecords.Where(a => a.Resource == $"Prescription/{id}").ToListAsync());
        rows.Select(r => r.Action).ShouldBe(["create", "read"]);
        rows.ShouldAllBe(r => r.SubjectPersonId == personId && r.Role == "referrer" && r.Organisation == "991000100");

        // Issuing is itself the purpose "new referral" (issue 21); reading it afterwards is follow-up.
        rows.Select(r => r.Purpose).ShouldBe(["ny-henvisning", "treatment-follow-up"]);
    }

    public sealed class LogCapturingFactory : AktivApiFactory
    {
        public ConcurrentQueue<string> Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddProvider(new QueueLoggerProvider(Logs));
            });
        }
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(sink, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
