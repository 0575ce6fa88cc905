using System.Security.Cryptography;
using System.Text;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>
/// The sector's public statistics (issue 17): a daily snapshot (job), the public REST read as JSON and CSV (no sign-in,
/// no personal data, cacheable: the snapshot changes once a day) and the page <c>/statistikk</c>.
/// </summary>
public static class SectorStatisticsModule
{
    public const string CacheControl = "public, max-age=3600";

    public static IServiceCollection AddSectorStatistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SectorStatisticsOptions>(configuration.GetSection("SectorStatistics"));
        return services
            .AddScoped<SectorStatisticsBuilder>()
            .AddScoped<SectorStatisticsStore>()
            .AddScoped<SectorStatisticsQuery>()
            .AddPeriodicJob<SectorStatisticsJob, SectorStatisticsOptions>(o => PeriodicJobSchedule.Every(o.RunJob, o.IntervalSeconds));
    }

    public static IEndpointRouteBuilder MapSectorStatistics(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/statistics").AllowAnonymous().WithTags("Statistics (public)");
        open.MapGet("/sector", (HttpContext http, SectorStatisticsQuery q, string? year, string? county, string? municipality, CancellationToken ct) =>
                AnswerAsync(http, q, year, county, municipality, csv: false, ct))
            .Produces<SectorStatisticsView>(StatusCodes.Status200OK, "application/json")
            .WithSummary("Public: referrals, starters, completions (by benefit, age band, provider type), capacity, waiting times and Aktiv på dagtid per municipality, county and country; counts below 5 hidden; filter by year, county, municipality");
        open.MapGet("/sector.csv", (HttpContext http, SectorStatisticsQuery q, string? year, string? county, string? municipality, CancellationToken ct) =>
                AnswerAsync(http, q, year, county, municipality, csv: true, ct))
            .WithSummary("Public: the same statistics as CSV, one row per figure (an empty value is hidden)");
        return app;
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, SectorStatisticsQuery query, string? year, string? county, string? municipality, bool csv, CancellationToken ct)
    {
        var result = await query.HandleAsync(year, county, municipality, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        var stored = result.Value!;
        var tag = $"\"{stored.Id:N}-{Fingerprint(year, county, municipality, csv)}\"";
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = CacheControl;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(s => s.Trim()).Any(s => s == tag || s == "*" || s == "W/" + tag)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return csv
            ? TypedResults.File(SectorStatisticsCsv.ToBytes(stored.View), "text/csv; charset=utf-8", $"aktivresept-statistikk-{stored.View.Day:yyyy-MM-dd}.csv")
            : TypedResults.Ok(stored.View);
    }

    private static string Fingerprint(string? year, string? county, string? municipality, bool csv) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{year}|{county}|{municipality}|{csv}")))[..12];
}
