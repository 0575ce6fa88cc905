using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>A serialised public timetable: the UTF-8 JSON and its weak entity tag (a hash of the content but the read time), made once per read and request shape.</summary>
public sealed record TimetableBody(byte[] Json, string ETag);

/// <summary>The public timetable's filters: weekday, activity and accessibility features (all given must be met), and Oslo days.</summary>
public sealed record TimetableFilter(DateOnly? From, DateOnly? To, DayOfWeek? Day, ProgrammeActivity? Activity, IReadOnlyList<AccessibilityFeature> Accessibility);

/// <summary>
/// A municipality's timetable for anyone, signed in or not: sessions, places and free places, never a name or a
/// booking. A municipality's days are read once per <see cref="PublicTimetableCache.Lifetime"/> (at most 5 s, so a
/// booking or cancellation shows within 5 s) and shared by every caller; the filters narrow the shared answer.
/// The REST route serves <see cref="GetJsonAsync"/>: the filtered answer serialised once per read and request shape,
/// so a hot request neither reads nor serialises.
/// </summary>
public sealed class PublicTimetable(IServiceScopeFactory scopes, PublicTimetableCache cache, TimeProvider clock, IOptions<HttpJsonOptions> json)
{
    public const int MaxDays = 92;
    public const int DefaultDays = 14;

    private readonly ConcurrentDictionary<BodyKey, (DateTimeOffset ReadAt, TimetableBody Body)> _bodies = new();

    /// <summary>
    /// The answer of <see cref="GetAsync"/> as UTF-8 JSON (the API's serializer options). A body is kept with the time
    /// of the read it was made from and served only while that read is (<see cref="PublicTimetableCache.Lifetime"/>),
    /// so it is never staler than the shared read itself.
    /// </summary>
    public async Task<Outcome<TimetableBody>> GetJsonAsync(string kommunenummer, TimetableFilter filter, CancellationToken ct)
    {
        // The hot path allocates nothing but the key's tuple: the accessibility part is a string only when given.
        var now = clock.GetUtcNow();
        var key = new BodyKey(kommunenummer, filter.From ?? Oslo.Today(now), filter.To, filter.Day, filter.Activity,
            filter.Accessibility.Count == 0 ? string.Empty : string.Join(',', filter.Accessibility.Order()));
        if (_bodies.TryGetValue(key, out var kept) && now - kept.ReadAt < PublicTimetableCache.Lifetime)
        {
            return kept.Body;
        }

        var view = await GetAsync(kommunenummer, filter, ct);
        if (!view.Succeeded)
        {
            return new Outcome<TimetableBody>(view.Kind, null, view.Errors, view.Error, view.Field);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(view.Value!, json.Value.SerializerOptions);
        // A weak tag over everything but the time of the read: unchanged places keep their tag across reads, so a phone's
        // repeated ask is a 304 until a count (or the timetable) actually changes.
        var content = JsonSerializer.SerializeToUtf8Bytes(view.Value! with { GeneratedAt = default }, json.Value.SerializerOptions);
        var body = new TimetableBody(bytes, $"W/\"{Convert.ToBase64String(SHA256.HashData(content), 0, 16)}\"");
        if (_bodies.Count >= PublicTimetableCache.MaxEntries)
        {
            _bodies.Clear();
        }

        _bodies[key] = (view.Value!.GeneratedAt, body);
        return body;
    }

    private readonly record struct BodyKey(string Kommunenummer, DateOnly From, DateOnly? To, DayOfWeek? Day, ProgrammeActivity? Activity, string Accessibility);

    public async Task<Outcome<PublicTimetableView>> GetAsync(string kommunenummer, TimetableFilter filter, CancellationToken ct)
    {
        if (!Kommunenummer.TryParse(kommunenummer, out _, out var error))
        {
            return Failure.Invalid("kommunenummer", error);
        }

        var from = filter.From ?? Oslo.Today(clock.GetUtcNow());
        var to = filter.To ?? from.AddDays(DefaultDays - 1);
        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            return Failure.Invalid("to", ProgrammeErrorCodes.TimetableRange.With(("max", MaxDays)));
        }

        var read = await cache.GetAsync((kommunenummer, from, to), () => ReadAsync(kommunenummer, from, to, CancellationToken.None)).WaitAsync(ct);
        if (read is null)
        {
            return Failure.NotFound();
        }

        var sessions = read.Sessions.Where(s =>
            (filter.Day is null || s.Weekday == filter.Day)
            && (filter.Activity is null || s.Activity == filter.Activity)
            && filter.Accessibility.All(s.AccessibilityFeatures.Contains)).ToList();
        return read with { Sessions = sessions };
    }

    /// <summary>The municipalities we serve, with how many running programmes each has.</summary>
    public async Task<IReadOnlyList<PublicMunicipalityView>> MunicipalitiesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var now = clock.GetUtcNow();
        return await db.Municipalities.AsNoTracking().OrderBy(m => m.Name)
            .Select(m => new PublicMunicipalityView(m.Kommunenummer, m.Name, db.Programmes.Count(p => p.Kommunenummer == m.Kommunenummer && (p.EndedAt == null || p.EndedAt > now))))
            .ToListAsync(ct);
    }

    private async Task<PublicTimetableView?> ReadAsync(string kommunenummer, DateOnly first, DateOnly last, CancellationToken ct)
    {
        // Its own scope: the answer is shared by every caller in the cache's lifetime, not tied to one request's context.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AktivDbContext>();
        var municipality = await MunicipalityNames.OfAsync(db, kommunenummer, ct);
        var now = clock.GetUtcNow();
        if (municipality is null)
        {
            return null;
        }

        var rows = await (from s in db.ProgrammeSessions.AsNoTracking()
                          join p in db.Programmes on s.ProgrammeId equals p.Id
                          join series in db.ProgrammeSeries on s.SeriesId equals series.Id
                          join l in db.Locations on s.LocationId equals l.Id
                          where p.Kommunenummer == kommunenummer && (p.EndedAt == null || p.EndedAt > now) && s.Date >= first && s.Date <= last
                          orderby s.StartsAt, series.Title
                          select new
                          {
                              s.Id,
                              s.SeriesId,
                              s.ProgrammeId,
                              Programme = p.Name,
                              series.Title,
                              s.Activity,
                              series.Intensity,
                              s.Date,
                              s.StartsAt,
                              s.EndsAt,
                              Location = l.Name,
                              l.Address,
                              s.Room,
                              series.AccessibilityFeatures,
                              s.Capacity,
                              s.Booked,
                              s.Waiting,
                              s.CancelledAt,
                              s.CancellationReason,
                          }).ToListAsync(ct);
        var sessions = rows.Select(r => new PublicSessionView(r.Id, r.SeriesId, r.ProgrammeId, r.Programme, r.Title, r.Activity, r.Intensity, r.Date, r.Date.DayOfWeek,
            TimeZoneInfo.ConvertTime(r.StartsAt, Oslo.Zone).ToString("HH:mm", CultureInfo.InvariantCulture), r.StartsAt, r.EndsAt, r.Location, r.Address, r.Room,
            r.AccessibilityFeatures, r.Capacity, r.CancelledAt is null ? Math.Max(0, r.Capacity - r.Booked) : 0, r.CancelledAt is null ? r.Waiting : 0,
            r.CancelledAt is not null, r.CancellationReason)).ToList();
        return new PublicTimetableView(kommunenummer, municipality, first, last, now, sessions);
    }
}

/// <summary>
/// The public timetable's read cache: one read per municipality and date range per <see cref="Lifetime"/>, on the app's
/// <see cref="TimeProvider"/> (tests move it). Concurrent misses share one read. Bounded: past
/// <see cref="MaxEntries"/> keys it starts afresh.
/// </summary>
public sealed class PublicTimetableCache(TimeProvider clock)
{
    /// <summary>How long a read is served: well inside the 5 s the public count may lag a booking.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    public const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<(string, DateOnly, DateOnly), Entry> _entries = new();

    public async Task<PublicTimetableView?> GetAsync((string, DateOnly, DateOnly) key, Func<Task<PublicTimetableView?>> read)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && now - entry.ReadAt < Lifetime && !entry.Value.IsFaulted && !entry.Value.IsCanceled)
        {
            return await entry.Value;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var fresh = new Entry(now, new Lazy<Task<PublicTimetableView?>>(read));
        var winner = _entries.AddOrUpdate(key, fresh, (_, old) => now - old.ReadAt < Lifetime && !old.Value.IsFaulted && !old.Value.IsCanceled ? old : fresh);
        return await winner.Value;
    }

    private sealed record Entry(DateTimeOffset ReadAt, Lazy<Task<PublicTimetableView?>> Lazy)
    {
        public Task<PublicTimetableView?> Value => Lazy.Value;
    }
}
