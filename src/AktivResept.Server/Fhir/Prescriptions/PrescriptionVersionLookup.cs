using System.Globalization;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Prescriptions;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>A resource version as FHIR shows it: <c>meta.versionId</c> (the stored version + 1) and when it was saved.</summary>
public sealed record ResourceVersion(int VersionId, DateTimeOffset? At)
{
    public string Id => VersionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>FHIR's ETag for a version: weak, the versionId in quotes.</summary>
    public string ETag => $"W/\"{Id}\"";

    public static ResourceVersion Of(PrescriptionVersion stored) => Of(new SavedVersion(stored.Version, stored.RecordedAt));

    public static ResourceVersion Of(SavedVersion saved) => new(saved.Version + 1, saved.RecordedAt);
}

/// <summary>The current and stored versions of prescriptions (see <see cref="PrescriptionVersion"/>).</summary>
public sealed class PrescriptionVersionLookup(AktivDbContext db)
{
    /// <summary>The current version of each prescription, in one query; when it was saved is null for a prescription older than the version table.</summary>
    public async Task<Dictionary<Guid, ResourceVersion>> CurrentAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        if (SavedHere(ids) is { } saved)
        {
            return saved;
        }

        var rows = await db.Prescriptions.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                p.Version,
                At = db.PrescriptionVersions.Where(v => v.PrescriptionId == p.Id && v.Version == p.Version)
                    .OrderByDescending(v => v.Id).Select(v => (DateTimeOffset?)v.RecordedAt).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => ResourceVersion.Of(new SavedVersion(r.Version, r.At)));
    }

    /// <summary>
    /// The versions this unit of work saved itself (a create or change answered with the resource it made): each
    /// prescription and its current version row are still tracked, as saved, so no query is needed. Null when any is not.
    /// </summary>
    private Dictionary<Guid, ResourceVersion>? SavedHere(IReadOnlyCollection<Guid> ids)
    {
        // Only the tracker's states are read, as the save left them: with automatic detection on, DbSet.Local and every
        // entry lookup would first walk all tracked entities for changes (a measured 3 % of a FHIR create's CPU).
        using var paused = db.WithoutDetection();
        var rows = db.ChangeTracker.Entries<PrescriptionVersion>().Where(e => e.State == EntityState.Unchanged).Select(e => e.Entity).ToList();
        var saved = new Dictionary<Guid, ResourceVersion>(ids.Count);
        foreach (var id in ids)
        {
            if (db.Prescriptions.Local.FindEntry(id) is not { State: EntityState.Unchanged, Entity: var prescription })
            {
                return null;
            }

            var row = rows.Where(v => v.PrescriptionId == id && v.Version == prescription.Version).MaxBy(v => v.Id);
            if (row is null)
            {
                return null;
            }

            saved[id] = ResourceVersion.Of(row);
        }

        return saved;
    }

    /// <summary>Every stored version of one prescription, newest first (the latest row of each).</summary>
    public async Task<IReadOnlyList<PrescriptionVersion>> StoredAsync(Guid id, CancellationToken ct)
    {
        var rows = await db.PrescriptionVersions.AsNoTracking().Where(v => v.PrescriptionId == id).ToListAsync(ct);
        return [.. rows.OrderByDescending(v => v.Version).ThenByDescending(v => v.Id).DistinctBy(v => v.Version)];
    }

    /// <summary>A version's <c>If-Match</c> value (<c>W/"3"</c>, <c>"3"</c> or <c>3</c>) as a versionId; null when it names none.</summary>
    public static int? ParseETag(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.Trim('"');
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0 ? version : null;
    }
}
