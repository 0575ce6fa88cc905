using System.Net;
using System.Net.Http.Headers;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Tests.Audit;

/// <summary>
/// Issue 19: reads hand their audit rows to one batched writer (one INSERT and one commit for many requests) and answer
/// only once their row is committed. Killed mid-load, no answered read is without its row; a batch that cannot be
/// written answers 503, never 200.
/// </summary>
[PostgresOnly("the batched audit writer is the PostgreSQL path; SQLite saves per request")]
public sealed class BatchedAuditWriterTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const int Patients = 8;
    private const int Readers = 12;
    private const int AnsweredBeforeKill = 300;

    [Fact]
    public async Task Every_answered_read_has_its_audit_row_when_the_server_is_killed_mid_load()
    {
        using var budget = new CancellationTokenSource(TestBudget.CrashRecovery);
        var gp = app.AsGp();
        var patients = new List<string>();
        for (var i = 0; i < Patients; i++)
        {
            var patient = await gp.CreatePatientAsync(TestData.NewNationalId());
            await gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));
            patients.Add(patient);
        }

        var answered = new int[Patients];
        var answeredTotal = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var port = ServerProcess.FreePort();
        var start = ServerProcess.StartInfo(app, port);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var server = ServerProcess.Start(start);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        await server.WaitUntilOkAsync(http, "/health", budget.Token);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg));
        http.DefaultRequestHeaders.Accept.ParseAdd("application/fhir+json");

        // Each reader reads until the server is gone, counting per subject the reads that were answered 200.
        var reading = Enumerable.Range(0, Readers).Select(r => Task.Run(async () =>
        {
            for (var n = r; !budget.IsCancellationRequested; n++)
            {
                var p = n % Patients;
                try
                {
                    using var response = await http.GetAsync($"/fhir/ServiceRequest?subject=Patient/{patients[p]}", budget.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        continue;
                    }

                    // Read to the end: a 200 whose body was cut off by the kill was not an answer.
                    (await response.Content.ReadAsStringAsync(budget.Token)).ShouldContain(patients[p]);
                    Interlocked.Increment(ref answered[p]);
                    if (Interlocked.Increment(ref answeredTotal) == AnsweredBeforeKill)
                    {
                        enough.TrySetResult();
                    }
                }
                catch (Exception e) when (ServerProcess.IsConnectionFailure(e) || (e is TaskCanceledException && !budget.IsCancellationRequested))
                {
                    return;
                }
            }
        })).ToList();

        await enough.Task.WaitAsync(budget.Token);
        await server.KillAsync();
        await Task.WhenAll(reading).WaitAsync(budget.Token);

        var rows = await app.QueryAsync(db => db.AuditRecords
            .Where(a => a.Action == AuditAction.Search && a.Resource == "ServiceRequest?search" && a.SubjectPersonId != null)
            .GroupBy(a => a.SubjectPersonId!.Value)
            .Select(g => new { Person = g.Key, Rows = g.Count() })
            .ToDictionaryAsync(g => g.Person, g => g.Rows));
        var missing = Enumerable.Range(0, Patients)
            .Select(p => (Patient: patients[p], Answered: Volatile.Read(ref answered[p]), Rows: rows.GetValueOrDefault(Guid.Parse(patients[p]))))
            .Where(x => x.Rows < x.Answered)
            .ToList();
        missing.ShouldBeEmpty($"reads answered 200 without their audit row (server log: {string.Join('\n', server.Log.TakeLast(40))})");
        answeredTotal.ShouldBeGreaterThanOrEqualTo(AnsweredBeforeKill);
    }

    [Fact]
    public async Task A_read_whose_audit_row_cannot_be_committed_is_answered_503_not_200()
    {
        var patient = await app.AsGp().CreatePatientAsync(TestData.NewNationalId());
        // The same app, its audit writer pointed at a port nothing listens on: the request's own queries still work.
        var unreachable = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = $"Host=127.0.0.1;Port={ServerProcess.FreePort()};Username=nobody;Password=x;Database=none;Timeout=2",
        }).Build();
        await using var broken = app.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<AuditWriter>();
            s.AddSingleton(new AuditWriter(unreachable, Options.Create(new AuditOptions()), NullLogger<AuditWriter>.Instance));
        }));
        using var client = broken.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(Roles.Referrer, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg));
        client.DefaultRequestHeaders.Accept.ParseAdd("application/fhir+json");

        var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync($"/fhir/ServiceRequest?subject=Patient/{patient}")));

        reads.ShouldAllBe(r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        (await reads[0].Content.ReadAsStringAsync()).ShouldContain("OperationOutcome");
    }

    [Fact]
    public async Task Concurrent_reads_each_leave_exactly_one_row_through_the_writer()
    {
        var gp = app.AsGp();
        var patient = await gp.CreatePatientAsync(TestData.NewNationalId());
        await gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patient)));
        var person = Guid.Parse(patient);

        var reads = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => gp.GetAsync($"/fhir/ServiceRequest?subject=Patient/{patient}")));

        reads.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.SubjectPersonId == person && a.Action == AuditAction.Search)))
            .ShouldBe(40, "one row per answered read, none written twice by a later save");
        app.Services.GetRequiredService<AuditWriter>().Enabled.ShouldBeTrue("the reads went through the batched writer");
    }

    [Fact]
    public async Task A_row_the_writer_cannot_store_whole_is_refused_and_the_rows_beside_it_are_committed()
    {
        // The writer's columns have no room for several subjects (a delivery's row names them all and is written in its
        // own transaction): such a row must fail its request, not be stored without its subjects.
        var writer = app.Services.GetRequiredService<AuditWriter>();
        var marker = $"writer-{Guid.NewGuid():N}"[..30];
        AuditRecord Row(Guid[]? subjects) => new()
        {
            At = DateTimeOffset.UtcNow,
            Actor = "test",
            Role = "none",
            SubjectPersonId = subjects is null ? Guid.NewGuid() : null,
            SubjectPersonIds = subjects,
            Resource = "Test/batched",
            Action = AuditAction.Read,
            Purpose = "system",
            Outcome = AuditOutcome.Success,
            CorrelationId = marker,
        };

        var writes = new[] { writer.WriteAsync([Row(null)]), writer.WriteAsync([Row([Guid.NewGuid(), Guid.NewGuid()])]), writer.WriteAsync([Row(null)]) };

        await writes[0];
        await Should.ThrowAsync<AuditUnavailableException>(writes[1]);
        await writes[2];
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.CorrelationId == marker))).ShouldBe(2);
        (await app.QueryAsync(db => db.AuditRecords.CountAsync(a => a.CorrelationId == marker && a.SubjectPersonIds != null))).ShouldBe(0);
    }
}
