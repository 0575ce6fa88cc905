using System.Text.Json;
using System.Text.Json.Serialization;
using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.SectorStatistics;

/// <summary>A stored snapshot, read back: its row id (the ETag's basis) and the published figures.</summary>
public sealed record StoredSectorStatistics(Guid Id, SectorStatisticsView View);

/// <summary>
/// The daily snapshots: computes today's (Oslo day) once and keeps it; the page and the API read the latest. Two
/// instances computing the same day at once both try the insert and the unique index on the day keeps one.
/// </summary>
public sealed class SectorStatisticsStore(AktivDbContext db, SectorStatisticsBuilder builder, TimeProvider clock, ILogger<SectorStatisticsStore> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Computes and stores today's snapshot unless one exists; true when this call stored it.</summary>
    public async Task<bool> EnsureTodayAsync(CancellationToken ct)
    {
        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        if (await db.Set<SectorStatisticsSnapshot>().AnyAsync(s => s.Day == today, ct))
        {
            return false;
        }

        var view = await builder.BuildAsync(ct);
        var snapshot = new SectorStatisticsSnapshot { Day = view.Day, ComputedAt = view.ComputedAt, Payload = JsonSerializer.Serialize(view, Json) };
        db.Add(snapshot);
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Sector statistics for {Day:yyyy-MM-dd} computed", today);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another instance stored the day first: its snapshot is the day's.
            db.Entry(snapshot).State = EntityState.Detached;
            return false;
        }
    }

    public async Task<StoredSectorStatistics?> LatestAsync(CancellationToken ct)
    {
        var latest = await db.Set<SectorStatisticsSnapshot>().AsNoTracking().OrderByDescending(s => s.Day).FirstOrDefaultAsync(ct);
        return latest is null ? null : new StoredSectorStatistics(latest.Id, JsonSerializer.Deserialize<SectorStatisticsView>(latest.Payload, Json)!);
    }
}
