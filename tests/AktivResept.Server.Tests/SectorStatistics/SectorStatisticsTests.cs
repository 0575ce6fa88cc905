using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Statistics;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.SectorStatistics;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.SectorStatistics;

/// <summary>
/// The public sector statistics through HTTP on PostgreSQL: counts against an independent count from the database,
/// suppression below 5 that no combination of the published tables undoes, no personal data, the daily job run twice
/// keeping one snapshot, and the query parameters' problems.
/// </summary>
public sealed partial class SectorStatisticsTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly string[] Dimensions = ["benefit", "age", "provider"];

    private async Task<bool> RunJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SectorStatisticsJob>().RunOnceAsync(CancellationToken.None);
        return true;
    }

    /// <summary>A fresh snapshot of the data as it is now (the day's old snapshot removed).</summary>
    private async Task RecomputeAsync()
    {
        await app.QueryAsync(db => db.Set<SectorStatisticsSnapshot>().ExecuteDeleteAsync());
        await RunJobAsync();
    }

    private static HttpClient Anonymous(AktivApiFactory app) => app.CreateClient();

    private async Task IssueForAsync(string kommune, int count)
    {
        var gp = app.AsGp();
        for (var i = 0; i < count; i++)
        {
            await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), kommune: kommune));
        }
    }

    private static JsonElement Flow(JsonElement view, int year, string measure, string code) =>
        view.GetProperty("data").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == year)
            .GetProperty("flows").EnumerateArray().Single(f => f.GetProperty("measure").GetString() == measure && f.GetProperty("code").GetString() == code);

    private static int? Count(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();

    [Fact]
    public async Task Referrals_per_municipality_and_county_match_an_independent_count()
    {
        await IssueForAsync("0301", 6);
        await RecomputeAsync();

        var response = await Anonymous(app).GetAsync("/api/statistics/sector");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = await response.ReadJsonAsync();

        var year = TestData.Today.Year;
        var (start, end) = (OsloCalendar.StartOf(new DateOnly(year, 1, 1)), OsloCalendar.StartOf(new DateOnly(year + 1, 1, 1)));
        var oslo = await app.QueryAsync(async db => (await db.Prescriptions
                .Where(p => p.IssuedAt != null && p.Status != PrescriptionStatus.Draft && db.People.Any(x => x.Id == p.ParticipantId && x.Kommunenummer == "0301"))
                .Select(p => p.IssuedAt!.Value).ToListAsync())
            .Count(at => at >= start && at < end));
        oslo.ShouldBeGreaterThanOrEqualTo(6);

        var everyone = await app.QueryAsync(async db => (await db.Prescriptions
                .Where(p => p.IssuedAt != null && p.Status != PrescriptionStatus.Draft && db.People.Any(x => x.Id == p.ParticipantId && x.Kommunenummer.Length == 4))
                .Select(p => p.IssuedAt!.Value).ToListAsync())
            .Count(at => at >= start && at < end));

        // The country's total is the largest cell of every line it is on, so suppression never needs it: it is shown.
        Count(Flow(view, year, "Referrals", "NO").GetProperty("total")).ShouldBe(everyone);

        // Oslo's own figures may be hidden to protect a small county elsewhere (another test adds two in Stavanger);
        // whenever they are shown they are the count.
        var municipality = Flow(view, year, "Referrals", "0301");
        municipality.GetProperty("level").GetString().ShouldBe("municipality");
        Count(municipality.GetProperty("total")).ShouldBeOneOf(oslo, null);
        Count(Flow(view, year, "Referrals", "03").GetProperty("total")).ShouldBeOneOf(oslo, null);
        view.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "0301").GetProperty("name").GetString().ShouldBe("Oslo");

        // Each breakdown has its categories, and adds up to the total where all of it is shown.
        foreach (var (dimension, categories) in new[] { ("benefit", 7), ("age", 6), ("provider", 3) })
        {
            var cells = Flow(view, year, "Referrals", "NO").GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("dimension").GetString() == dimension).ToList();
            cells.Count.ShouldBe(categories);
            if (cells.All(c => c.GetProperty("count").ValueKind != JsonValueKind.Null))
            {
                cells.Sum(c => c.GetProperty("count").GetInt32()).ShouldBe(everyone);
            }
        }
    }

    [Fact]
    public async Task A_municipality_with_fewer_than_five_is_hidden_and_no_published_table_gives_it_away()
    {
        await IssueForAsync("0301", 5);
        // Stavanger: served from now on, and no one else in the data lives there.
        await app.QueryAsync(async db =>
        {
            if (!await db.Municipalities.AnyAsync(m => m.Kommunenummer == "1103"))
            {
                db.Municipalities.Add(new Municipality { Kommunenummer = "1103", Name = "Stavanger", CentreLatitude = 58.97, CentreLongitude = 5.73 });
            }

            return await db.SaveChangesAsync();
        });
        await IssueForAsync("1103", 2);
        await RecomputeAsync();

        var view = await (await Anonymous(app).GetAsync("/api/statistics/sector")).ReadJsonAsync();
        var year = TestData.Today.Year;
        var stavanger = await app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.IssuedAt != null && p.Status != PrescriptionStatus.Draft
            && db.People.Any(x => x.Id == p.ParticipantId && x.Kommunenummer == "1103")));
        stavanger.ShouldBe(2);
        Count(Flow(view, year, "Referrals", "1103").GetProperty("total")).ShouldBeNull();
        Count(Flow(view, year, "Referrals", "11").GetProperty("total")).ShouldBeNull();

        var hidden = 0;
        foreach (var y in view.GetProperty("data").EnumerateArray())
        {
            foreach (var measure in new[] { "Referrals", "Starters", "Completions" })
            {
                var (shown, lines) = Published(y, measure);
                shown.Where(s => s is not null).ShouldAllBe(s => s == 0 || s >= SmallCells.Minimum);
                hidden += shown.Count(s => s is null);

                // No line with a single hidden cell (subtraction), and no hidden cell fixed by any combination of lines.
                lines.ShouldAllBe(l => l.Cells.Count(i => shown[i] == null) != 1);
                LinearDerivation.DerivableCells(shown, lines).ShouldBeEmpty();
            }
        }

        hidden.ShouldBeGreaterThan(0);
    }

    /// <summary>
    /// Every count one measure's tables publish for a year, and every additive relation between them, rebuilt from the
    /// answer alone: each area's breakdowns add up to its total, municipalities to their county, counties to the country.
    /// </summary>
    private static (int?[] Shown, List<AdditiveLine> Lines) Published(JsonElement year, string measure)
    {
        var flows = year.GetProperty("flows").EnumerateArray().Where(f => f.GetProperty("measure").GetString() == measure).ToList();
        var shown = new List<int?>();
        var index = new Dictionary<(string Code, string Dimension, string Category), int>();
        foreach (var f in flows)
        {
            var code = f.GetProperty("code").GetString()!;
            index[(code, "total", string.Empty)] = shown.Count;
            shown.Add(Count(f.GetProperty("total")));
            foreach (var c in f.GetProperty("cells").EnumerateArray())
            {
                index[(code, c.GetProperty("dimension").GetString()!, c.GetProperty("category").GetString()!)] = shown.Count;
                shown.Add(Count(c.GetProperty("count")));
            }
        }

        var lines = new List<AdditiveLine>();
        var levels = flows.ToDictionary(f => f.GetProperty("code").GetString()!, f => f.GetProperty("level").GetString()!);
        var keys = index.Keys.ToList();
        foreach (var code in levels.Keys)
        {
            foreach (var dimension in Dimensions)
            {
                lines.Add(new AdditiveLine([.. keys.Where(k => k.Code == code && k.Dimension == dimension).Select(k => index[k])], index[(code, "total", string.Empty)]));
            }
        }

        IEnumerable<string> Inside(string code, string level) => level switch
        {
            "country" => levels.Where(l => l.Value == "county").Select(l => l.Key),
            "county" => levels.Where(l => l.Value == "municipality" && l.Key[..2] == code).Select(l => l.Key),
            _ => [],
        };

        foreach (var (code, level) in levels)
        {
            var parts = Inside(code, level).ToList();
            if (parts.Count == 0)
            {
                continue;
            }

            foreach (var key in keys.Where(k => k.Code == code))
            {
                lines.Add(new AdditiveLine([.. parts.Select(p => index[(p, key.Dimension, key.Category)])], index[key]));
            }
        }

        return ([.. shown], lines);
    }

    [Fact]
    public async Task The_answer_and_the_csv_carry_no_personal_data()
    {
        var nationalId = TestData.NewNationalId();
        var request = TestData.IssueRequest(nationalId);
        var participant = (Dictionary<string, object?>)request["participant"]!;
        participant["givenName"] = "Ingeborg";
        participant["familyName"] = "Særnavnesen";
        await app.AsGp().IssueAsync(request);
        await RecomputeAsync();

        var json = await Anonymous(app).GetStringAsync("/api/statistics/sector");
        var csv = await Anonymous(app).GetStringAsync("/api/statistics/sector.csv");
        var birthDates = await app.QueryAsync(db => db.People.Select(x => x.BirthDate).Distinct().ToListAsync());
        foreach (var text in new[] { json, csv })
        {
            text.ShouldNotContain(nationalId);
            text.ShouldNotContain("Særnavnesen");
            text.ShouldNotContain("Ingeborg");
            ElevenDigits().IsMatch(text).ShouldBeFalse();
            GuidLike().IsMatch(text).ShouldBeFalse();
            foreach (var birth in birthDates)
            {
                text.ShouldNotContain(birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public async Task The_daily_job_run_twice_or_by_two_instances_at_once_keeps_one_snapshot_for_the_day()
    {
        await app.QueryAsync(db => db.Set<SectorStatisticsSnapshot>().ExecuteDeleteAsync());

        await RunJobAsync();
        var first = await app.QueryAsync(db => db.Set<SectorStatisticsSnapshot>().AsNoTracking().ToListAsync());
        await RunJobAsync();
        var second = await app.QueryAsync(db => db.Set<SectorStatisticsSnapshot>().AsNoTracking().ToListAsync());

        first.Count.ShouldBe(1);
        second.Count.ShouldBe(1);
        second[0].Id.ShouldBe(first[0].Id);
        second[0].Payload.ShouldBe(first[0].Payload);
        second[0].Day.ShouldBe(OsloCalendar.DateOf(app.Clock.GetUtcNow()));

        await app.QueryAsync(db => db.Set<SectorStatisticsSnapshot>().ExecuteDeleteAsync());
        await Task.WhenAll(RunJobAsync(), RunJobAsync());
        (await app.QueryAsync(db => db.Set<SectorStatisticsSnapshot>().CountAsync())).ShouldBe(1);

        var computedAt = (await (await Anonymous(app).GetAsync("/api/statistics/sector")).ReadJsonAsync()).GetProperty("computedAt").GetDateTimeOffset();
        computedAt.ShouldBe(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Answers_are_cacheable_and_an_unchanged_snapshot_answers_304()
    {
        await RecomputeAsync();
        var client = Anonymous(app);

        var first = await client.GetAsync("/api/statistics/sector?year=" + TestData.Today.Year);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.CacheControl!.Public.ShouldBeTrue();
        first.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromHours(1));
        var tag = first.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/statistics/sector?year=" + TestData.Today.Year);
        again.Headers.IfNoneMatch.Add(tag);
        (await client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        var other = new HttpRequestMessage(HttpMethod.Get, "/api/statistics/sector");
        other.Headers.IfNoneMatch.Add(tag);
        (await client.SendAsync(other)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var csv = await client.GetAsync("/api/statistics/sector.csv?county=03");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Headers.ETag!.Tag.ShouldNotBe(tag.Tag);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe("table,year,level,code,name,measure,dimension,category,value");
        rows.Skip(1).ShouldAllBe(row => row.Contains(",country,NO,", StringComparison.Ordinal) || row.Contains(",county,03,", StringComparison.Ordinal) || row.Contains(",municipality,03", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("year=20x6", "year", "statistics.year")]
    [InlineData("year=1999", "year", "statistics.year")]
    [InlineData("county=99", "county", "statistics.county")]
    [InlineData("county=3", "county", "statistics.county")]
    [InlineData("municipality=030", "municipality", "statistics.municipality")]
    [InlineData("county=50&municipality=0301", "municipality", "statistics.municipality")]
    public async Task A_bad_query_parameter_is_a_400_naming_it(string query, string field, string code)
    {
        await RunJobAsync();

        var response = await Anonymous(app).GetAsync("/api/statistics/sector?" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonAsync()).GetProperty("errors").GetProperty(field)[0].GetProperty("code").GetString().ShouldBe(code);
        (await Anonymous(app).GetAsync("/api/statistics/sector.csv?" + query)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [GeneratedRegex(@"(?<!\d)\d{11}(?!\d)")]
    private static partial Regex ElevenDigits();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidLike();
}
