using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AktivResept.Server.Features.Integrations.Signing;

/// <summary>An integration as the webhook endpoint needs it: whose it is and the keys that may sign for it now.</summary>
public sealed record IntegrationKeySet(Guid IntegrationId, Guid ProviderId, IReadOnlyList<(byte[] Key, DateTimeOffset? ExpiresAt)> Keys)
{
    public IEnumerable<byte[]> ActiveAt(DateTimeOffset now) => Keys.Where(k => k.ExpiresAt is null || k.ExpiresAt > now).Select(k => k.Key);
}

/// <summary>
/// Loads and decrypts an integration's signing keys, cached briefly so a busy sender does not cost a key lookup per
/// request. A rotation on this instance evicts at once; other instances see it within the cache lifetime, and the old
/// key stays valid for the overlap anyway.
/// </summary>
public sealed class IntegrationKeys(AktivDbContext db, AtRestCipher cipher, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<IntegrationKeySet?> FindAsync(Guid integrationId, CancellationToken ct)
    {
        var key = CacheKey(integrationId);
        if (cache.TryGetValue(key, out IntegrationKeySet? cached))
        {
            return cached;
        }

        var integration = await db.GymIntegrations.AsNoTracking()
            .Where(i => i.Id == integrationId && i.Enabled)
            .Select(i => new { i.Id, i.ProviderId, Secrets = i.Secrets.Select(s => new { s.KeyProtected, s.ExpiresAt }).ToList() })
            .FirstOrDefaultAsync(ct);
        if (integration is null)
        {
            return null;
        }

        var set = new IntegrationKeySet(integration.Id, integration.ProviderId,
            [.. integration.Secrets.Select(s => (cipher.DecryptBytes(s.KeyProtected), s.ExpiresAt))]);
        cache.Set(key, set, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return set;
    }

    /// <summary>Every enabled integration, for senders that do not name theirs (see <see cref="WebhookVerifier"/>).</summary>
    public async Task<IReadOnlyList<IntegrationKeySet>> AllAsync(int limit, CancellationToken ct)
    {
        var ids = await db.GymIntegrations.AsNoTracking().Where(i => i.Enabled).OrderBy(i => i.Id).Select(i => i.Id).Take(limit + 1).ToListAsync(ct);
        if (ids.Count > limit)
        {
            return [];
        }

        var sets = new List<IntegrationKeySet>();
        foreach (var id in ids)
        {
            if (await FindAsync(id, ct) is { } set)
            {
                sets.Add(set);
            }
        }

        return sets;
    }

    public void Evict(Guid integrationId) => cache.Remove(CacheKey(integrationId));

    private static string CacheKey(Guid id) => $"integration-keys:{id}";
}
