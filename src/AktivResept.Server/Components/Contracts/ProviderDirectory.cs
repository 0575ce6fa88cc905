using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Components.Contracts;

/// <summary>A gym and its registered locations, by name: public directory data (the same as GET /api/providers).</summary>
public sealed record ProviderEntry(Guid Id, string Name, IReadOnlyList<(Guid Id, string Name)> Locations);

/// <summary>
/// The contract pages' look-up of gyms and their locations by name, for pickers and for naming the locations a
/// contract's requirements point at. Only the public register (no person data), so it needs no audit row.
/// </summary>
public sealed class ProviderDirectory(AktivDbContext db)
{
    public async Task<IReadOnlyList<ProviderEntry>> AllAsync(CancellationToken ct) =>
        [.. (await db.Providers.AsNoTracking().Include(p => p.Locations).OrderBy(p => p.Name).Take(500).ToListAsync(ct)).Select(Entry)];

    public async Task<IReadOnlyDictionary<Guid, ProviderEntry>> ByIdAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var providers = await db.Providers.AsNoTracking().Include(p => p.Locations).Where(p => wanted.Contains(p.Id)).ToListAsync(ct);
        return providers.ToDictionary(p => p.Id, Entry);
    }

    public async Task<ProviderEntry?> GetAsync(Guid id, CancellationToken ct) => (await ByIdAsync([id], ct)).GetValueOrDefault(id);

    /// <summary>The paying bodies' names (a municipality, the state, an employer): public, like the gyms'.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> PayerNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Payers.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }

    private static ProviderEntry Entry(Features.Providers.Provider p) =>
        new(p.Id, p.Name, [.. p.Locations.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => (l.Id, l.Name))]);
}
