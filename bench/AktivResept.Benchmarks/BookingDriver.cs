using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Programmes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// «Aktiv på dagtid» booking under load (issue 13): one Oslo programme with 40 weekly classes (five weekdays × eight
/// start times) over 50 weeks = 2,000 sessions; every tenth session has 2 places (oversubscribed: its bookers queue), the
/// rest 200. C clients book as the coordinator (<c>POST /api/programmes/{id}/sessions/{sid}/bookings</c>) for S seconds;
/// person p's j-th booking is in week (p + 11·j) mod 50 of their own time slot, so no request breaks the weekly limit or
/// overlaps. Afterwards the database is checked: no session over capacity, counters equal to the bookings they count,
/// queue numbers 1…n per session. Usage: bench/run.sh booking [--clients 16] [--seconds 60] [--people 4000] [--server DLL]
/// (<c>--server</c>: the app as its own process, e.g. a publish, its CPU reported apart from the load clients').
/// </summary>
internal static class BookingDriver
{
    private const int Slots = 40;
    private const int Weeks = 50;

    public static async Task RunAsync(string[] args)
    {
        var clients = Args.Int(args, "clients", 16);
        var seconds = Args.Int(args, "seconds", 60);
        var people = Args.Int(args, "people", 4000);

        var serverDll = Args.String(args, "server") is { } dll ? Path.GetFullPath(dll) : null;

        var (connection, database) = await BenchDatabase.CreateAsync();
        var keys = ServerProcess.NewKeys();
        var settings = new Dictionary<string, string>(keys)
        {
            ["Attendance:RunAdherenceJob"] = "false",
            ["Contracts:Evaluation:RunJob"] = "false",
            ["Notifications:RunFanout"] = "false",
            ["Notifications:RunDispatcher"] = "false",
            ["Programmes:Booking:RunOfferExpiryJob"] = "false",
            ["Programmes:Booking:RunSessionCloseJob"] = "false",
        };
        var host = new BenchHost(connection, settings);
        await host.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(connection);

        var (programmeId, sessions) = await SeedProgrammeAsync(host.Services);
        var nationalIds = await SeedPeopleAsync(host.Services, programmeId, people);
        Console.Error.WriteLine($"Seeded {sessions.Length:N0} sessions and {people:N0} registered people");

        ServerProcess? server = null;
        if (serverDll is not null)
        {
            // Seeded in process; then the app runs as its own process, its CPU measured apart from the load clients'.
            await host.DisposeAsync();
            var environment = ServerProcess.PostgresEnvironment(connection, keys);
            foreach (var (key, value) in settings)
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            server = ServerProcess.Start(serverDll, environment);
        }

        await using var running = (IAsyncDisposable?)server ?? host;
        if (server is not null)
        {
            await server.WaitForAsync("/health/ready", TimeSpan.FromMinutes(2));
        }

        var address = server?.Address ?? host.Address;
        Console.Error.WriteLine($"App on {address} ({serverDll ?? "in this process"}), database {database}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = address };
        var token = ServerProcess.Token(keys, Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Warm-up: a few hundred bookings (JIT, pools, plans), not counted.
        var next = 0;
        Task<HttpResponseMessage> Book(int k)
        {
            var person = k % people;
            var j = k / people;
            var session = sessions[(person % Slots * Weeks) + ((person + (11 * j)) % Weeks)];
            return http.PostAsJsonAsync($"/api/programmes/{programmeId}/sessions/{session}/bookings", new { nationalId = nationalIds[person] });
        }

        await Workers.RunCountAsync(400, clients, async _ => (await Book(Interlocked.Increment(ref next))).Dispose());
        var latency = new LatencyRecorder();
        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        cpu.Server = server;
        var loadBefore = LoadAverage();
        var statements = await StatementCounter.StartAsync(dataSource);
        var cpuBefore = cpu.Take();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<HttpStatusCode, int>();
        var time = await Workers.RunForAsync(TimeSpan.FromSeconds(seconds), clients, async _ =>
        {
            using var response = await latency.TimeAsync(() => Book(Interlocked.Increment(ref next)), r => r.StatusCode == HttpStatusCode.Created);
            statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
        });
        var used = cpu.Take() - cpuBefore;
        var statementReport = await statements.ReportAsync(Math.Max(1, statuses.Values.Sum()));
        var summary = latency.Summarise(time);
        var check = await CheckAsync(dataSource);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {loadBefore} before / {LoadAverage()} after, {clients} clients for {time.TotalSeconds:N0} s, {sessions.Length:N0} sessions (10 % with 2 places, the rest 200), {people:N0} people")
            .AppendLine()
            .AppendLine("| operation | requests | errors | requests/s | p50 ms | p95 ms | p99 ms | max ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(summary.Row("book a session (201 Booked or Waiting)"))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Responses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value:N0}"))}.")
            .AppendLine(CultureInfo.InvariantCulture, $"CPU in the timed phase: {(server is null ? "this process (app and load clients)" : $"the app process {used.Server.TotalSeconds:N1} s = {used.Server.TotalMilliseconds / Math.Max(1, summary.Requests):N2} ms per request; this process (the load clients)")} {used.App.TotalSeconds:N1} s = {used.App.TotalMilliseconds / Math.Max(1, summary.Requests):N2} ms per request; PostgreSQL {used.Postgres.TotalSeconds:N1} s = {used.Postgres.TotalMilliseconds / Math.Max(1, summary.Requests):N2} ms per request.")
            .AppendLine(statementReport)
            .AppendLine(CultureInfo.InvariantCulture, $"After the run: {check.Booked:N0} places and {check.Waiting:N0} queue numbers in {check.Sessions:N0} sessions; sessions over capacity: **{check.OverCapacity}**; sessions whose counters differ from their bookings: **{check.CountersOff}**; sessions whose queue numbers are not 1…n: **{check.QueueGaps}**; oversubscribed sessions with a queue: {check.WithQueue:N0}.");
        Console.WriteLine(report);
    }

    /// <summary>The programme, term, 40 series and their 2,000 sessions, written through the app's own model.</summary>
    private static async Task<(Guid Programme, Guid[] Sessions)> SeedProgrammeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var monday = OsloCalendar.MondayOf(today).AddDays(7);
        var last = monday.AddDays((7 * Weeks) - 1);
        var programme = new Programme { Kommunenummer = "0301", Name = "Aktiv på dagtid (benk)", Operator = ProgrammeOperator.Municipality, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "bench" };
        var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Benk", StartsOn = monday, EndsOn = last };
        db.Programmes.Add(programme);
        db.ProgrammeTerms.Add(term);
        var sessions = new Guid[Slots * Weeks];
        for (var slot = 0; slot < Slots; slot++)
        {
            var series = new ProgrammeSeries
            {
                ProgrammeId = programme.Id,
                TermId = term.Id,
                Activity = ProgrammeActivity.Strength,
                Title = $"Styrke {slot}",
                LocationId = DemoIdentities.GrunerlokkaLocationId,
                Room = $"Sal {slot}",
                HeadCount = 200,
                Weekday = (DayOfWeek)(1 + (slot % 5)),
                StartTime = new TimeOnly(8 + (slot / 5), 0),
                DurationMinutes = 50,
                Intensity = Intensity.Moderate,
                CreatedAt = DateTimeOffset.UtcNow,
                CreatedBy = "bench",
            };
            db.ProgrammeSeries.Add(series);
            var week = 0;
            foreach (var o in WeeklySeries.Occurrences(series.Weekday, series.StartTime, series.DurationMinutes, monday, last))
            {
                var index = (slot * Weeks) + week++;
                var session = new ProgrammeSession
                {
                    ProgrammeId = programme.Id,
                    SeriesId = series.Id,
                    Date = o.Date,
                    StartsAt = o.StartsAt,
                    EndsAt = o.EndsAt,
                    Activity = series.Activity,
                    LocationId = series.LocationId,
                    Room = series.Room,
                    Capacity = index % 10 == 0 ? 2 : 200,
                };
                sessions[index] = session.Id;
                db.ProgrammeSessions.Add(session);
            }
        }

        await db.SaveChangesAsync();
        return (programme.Id, sessions);
    }

    /// <summary>People with dagpenger, registered for the programme (as the registration endpoint would leave them).</summary>
    private static async Task<string[]> SeedPeopleAsync(IServiceProvider services, Guid programmeId, int count)
    {
        HashSet<string> taken;
        await using (var scope = services.CreateAsyncScope())
        {
            // The demo seed's people keep their own ids.
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            taken = [.. db.People.Select(p => p.NationalIdHash)];
        }

        var ids = new List<string>(count);
        var lookup = services.GetRequiredService<NationalIdLookupHash>();
        for (var n = 0; ids.Count < count; n++)
        {
            var birth = new DateOnly(1965 + (n % 35), 1 + (n / 35 % 12), 1 + (n / 420 % 28));
            if (Fodselsnummer.Create(birth, 400 + (n / 11760 % 100), synthetic: true) is { } id && !taken.Contains(lookup.Of(id)))
            {
                ids.Add(id.Value);
            }
        }

        foreach (var chunk in ids.Chunk(1000))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
            var directory = scope.ServiceProvider.GetRequiredService<PersonDirectory>();
            var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>();
            foreach (var value in chunk)
            {
                var id = Fodselsnummer.Parse(value, allowSynthetic: true);
                var person = directory.Register(id, "Benk", "Deltaker", "0301");
                db.BenefitPeriods.Add(new BenefitPeriodRecord { NationalIdHash = hash.Of(id), Kind = BenefitKind.UnemploymentBenefit, From = new DateOnly(2020, 1, 1), To = null, Source = "bench" });
                db.ProgrammeRegistrations.Add(new ProgrammeRegistration { ProgrammeId = programmeId, PersonId = person.Id, Basis = ProgrammeEligibilityBasis.Benefit, RegisteredAt = DateTimeOffset.UtcNow, RegisteredBy = "bench" });
            }

            await db.SaveChangesAsync();
        }

        return [.. ids];
    }

    private sealed record Check(long Sessions, long Booked, long Waiting, long OverCapacity, long CountersOff, long QueueGaps, long WithQueue);

    private static async Task<Check> CheckAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            WITH b AS (
                SELECT "SessionId",
                       count(*) FILTER (WHERE "Status" IN ('Booked', 'Offered', 'Attended', 'NoShow')) AS held,
                       count(*) FILTER (WHERE "Status" = 'Waiting') AS waiting,
                       count("QueueNumber") AS numbered, coalesce(max("QueueNumber"), 0) AS top, count(DISTINCT "QueueNumber") AS distinct_numbers
                FROM "ProgrammeBookings" GROUP BY "SessionId")
            SELECT count(*), coalesce(sum(s."Booked"), 0), coalesce(sum(s."Waiting"), 0),
                   count(*) FILTER (WHERE s."Booked" > s."Capacity" OR coalesce(b.held, 0) > s."Capacity"),
                   count(*) FILTER (WHERE s."Booked" <> coalesce(b.held, 0) OR s."Waiting" <> coalesce(b.waiting, 0)),
                   count(*) FILTER (WHERE coalesce(b.numbered, 0) <> coalesce(b.top, 0) OR coalesce(b.distinct_numbers, 0) <> coalesce(b.numbered, 0) OR s."NextQueueNumber" <> coalesce(b.top, 0) + 1),
                   count(*) FILTER (WHERE s."Waiting" > 0)
            FROM "ProgrammeSessions" s LEFT JOIN b ON b."SessionId" = s."Id"
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Check(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
