using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims;

/// <summary>
/// Serialises work on one provider's month across app instances: a PostgreSQL transaction-scoped advisory lock, so two
/// generations (or a generation and a submission) of the same month run one after the other and see each other's
/// result. The embedded SQLite mode has a single writer already.
/// </summary>
public static class ClaimLocks
{
    public static async Task LockMonthAsync(AktivDbContext db, Guid providerId, DateOnly month, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            var key = $"claims:{providerId:N}:{month:yyyy-MM}";
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
        }
    }
}
