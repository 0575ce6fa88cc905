using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>
/// The public «Aktiv på dagtid» timetable under load: C anonymous clients read Oslo's timetable (S weekly series over
/// the next four weeks) for D seconds while a probe, every 2 s, books a place straight in the database (as a committed
/// booking would) and polls the public endpoint until the free-place count shows it: the freshness lag.
/// Usage: bench/run.sh timetable [--series S] [--clients C] [--seconds D]
/// </summary>
internal static class TimetableDriver
{
    public static async Task RunAsync(string[] args)
    {
        var seriesCount = Args.Int(args, "series", 40);
        var clients = Args.Int(args, "clients", 16);
        var seconds = Args.Int(args, "seconds", 30);

        var (connection, database) = await BenchDatabase.CreateAsync();
        await using var host = new BenchHost(connection, BenchSettings.IngestionOnly);
        await host.StartAsync();
        Console.Error.WriteLine($"App on {host.Address}, database {database}");
        var sessions = await SeedAsync(host, seriesCount);
        await using var dataSource = NpgsqlDataSource.Create(connection);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = host.Address };
        const string path = "/api/public/aktiv-pa-dagtid/0301";
        var recorder = new LatencyRecorder();
        var cpu = await CpuMeter.ForClusterAsync(dataSource);
        var loadBefore = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        var cpuBefore = cpu.Take();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var wall = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await recorder.TimeAsync(async () =>
                {
                    using var response = await http.GetAsync(path);
                    await response.Content.ReadAsByteArrayAsync();
                    return response.IsSuccessStatusCode;
                }, ok => ok);
            }
        })).ToList();

        var lags = new List<double>();
        var probe = 0;
        while (!stop.IsCancellationRequested && probe < sessions.Count)
        {
            var session = sessions[probe++];
            await using (var book = dataSource.CreateCommand("UPDATE \"ProgrammeSessions\" SET \"Booked\" = \"Booked\" + 1 WHERE \"Id\" = $1"))
            {
                book.Parameters.AddWithValue(session);
                await book.ExecuteNonQueryAsync();
            }

            var committed = Stopwatch.StartNew();
            while (await FreeAsync(http, path, session) == -1 || await FreeAsync(http, path, session) >= 10)
            {
                await Task.Delay(50);
            }

            lags.Add(committed.Elapsed.TotalSeconds);
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        }

        await Task.WhenAll(readers);
        var summary = recorder.Summarise(wall.Elapsed);
        var used = cpu.Take() - cpuBefore;
        Console.WriteLine($"| scenario | clients | series | requests | errors | req/s | p50 ms | p99 ms | freshness probes | lag max s | lag mean s |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| public timetable GET | {clients} | {seriesCount} | {summary.Requests} | {summary.Errors} | {summary.PerSecond:F0} | {summary.P50:F1} | {summary.P99:F1} | {lags.Count} | {(lags.Count == 0 ? 0 : lags.Max()):F2} | {(lags.Count == 0 ? 0 : lags.Average()):F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {loadBefore} before; p95 {summary.P95:F1} ms. CPU: this process (app and load clients) {used.App.TotalSeconds:F1} s = {used.App.TotalMilliseconds * 1000 / Math.Max(1, summary.Requests):F0} µs per request; PostgreSQL {used.Postgres.TotalSeconds:F1} s."));
    }

    private static async Task<int> FreeAsync(HttpClient http, string path, Guid session)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(path));
        foreach (var s in doc.RootElement.GetProperty("sessions").EnumerateArray())
        {
            if (s.GetProperty("id").GetGuid() == session)
            {
                return s.GetProperty("freePlaces").GetInt32();
            }
        }

        return -1;
    }

    /// <summary>S weekly series of 10 places at Grünerløkka, one room each, over the next four weeks; the first session of each in order.</summary>
    private static async Task<List<Guid>> SeedAsync(BenchHost host, int count)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var today = OsloCalendar.DateOf(DateTimeOffset.UtcNow);
        var programme = new Programme { Kommunenummer = "0301", Name = "Aktiv på dagtid (bench)", Operator = ProgrammeOperator.Municipality, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "bench" };
        var term = new ProgrammeTerm { ProgrammeId = programme.Id, Name = "Bench", StartsOn = today.AddDays(1), EndsOn = today.AddDays(13) };
        db.Programmes.Add(programme);
        db.ProgrammeTerms.Add(term);
        var firsts = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var weekday = (DayOfWeek)(i % 7);
            var series = new ProgrammeSeries
            {
                ProgrammeId = programme.Id,
                TermId = term.Id,
                Activity = ProgrammeActivity.Strength,
                Title = $"Styrke {i}",
                LocationId = DemoIdentities.GrunerlokkaLocationId,
                Room = $"Sal {i}",
                HeadCount = 10,
                Weekday = weekday,
                StartTime = new TimeOnly(10, 0),
                DurationMinutes = 60,
                Intensity = Intensity.Moderate,
                CreatedAt = DateTimeOffset.UtcNow,
                CreatedBy = "bench",
            };
            db.ProgrammeSeries.Add(series);
            var sessions = WeeklySeries.Occurrences(weekday, series.StartTime, 60, term.StartsOn, term.EndsOn).Select(o => new ProgrammeSession
            {
                ProgrammeId = programme.Id,
                SeriesId = series.Id,
                Date = o.Date,
                StartsAt = o.StartsAt,
                EndsAt = o.EndsAt,
                Activity = series.Activity,
                LocationId = series.LocationId,
                Room = series.Room,
                Capacity = 10,
            }).ToList();
            db.ProgrammeSessions.AddRange(sessions);
            firsts.Add(sessions[0].Id);
        }

        await db.SaveChangesAsync();
        return firsts;
    }
}
