using System.Text;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// One request counted against one policy's partition in the window that contains now; <paramref name="Amount"/> more
/// than one when a node takes a block of permits at once (<see cref="RateLimitLeases"/>).
/// </summary>
public sealed record CounterHit(RateLimitPolicy Policy, string PartitionKey, long WindowStart, long WindowEnd, int Amount = 1);

/// <summary>
/// Counts requests in the shared database: one statement per call, whatever the number of policies it counts — a
/// multi-row <c>INSERT … ON CONFLICT … DO UPDATE SET "Count" = "Count" + amount RETURNING</c>, atomic on
/// PostgreSQL and on SQLite (UPSERT with RETURNING, SQLite 3.35+), so two app nodes never lose a count.
/// </summary>
public sealed class RateLimitCounters(AktivDbContext db)
{
    /// <summary>The count of each policy's window after this request, by policy name.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountAsync(IReadOnlyList<CounterHit> hits, CancellationToken ct)
    {
        // Rows in one fixed order: concurrent statements take their row locks in the same order, so they cannot deadlock.
        var ordered = hits.OrderBy(h => h.Policy.Name, StringComparer.Ordinal).ThenBy(h => h.PartitionKey, StringComparer.Ordinal).ToList();
        var sql = new StringBuilder("""INSERT INTO "RateLimitCounters" ("Policy", "PartitionKey", "WindowStart", "ExpiresAt", "Count") VALUES """);
        var parameters = new object[ordered.Count * 5];
        for (var i = 0; i < ordered.Count; i++)
        {
            var hit = ordered[i];
            var first = i * 5;
            sql.Append(i == 0 ? "" : ", ")
                .Append('(').Append(Placeholder(first)).Append(", ").Append(Placeholder(first + 1)).Append(", ")
                .Append(Placeholder(first + 2)).Append(", ").Append(Placeholder(first + 3)).Append(", ").Append(Placeholder(first + 4)).Append(')');
            parameters[first] = hit.Policy.Name;
            parameters[first + 1] = hit.PartitionKey;
            parameters[first + 2] = hit.WindowStart;
            parameters[first + 3] = hit.WindowEnd;
            parameters[first + 4] = Math.Max(1, hit.Amount);
        }

        sql.Append("""
             ON CONFLICT ("Policy", "PartitionKey", "WindowStart") DO UPDATE SET "Count" = "RateLimitCounters"."Count" + excluded."Count"
            RETURNING "Policy", "Count"
            """);
        var rows = await db.Database.SqlQueryRaw<PolicyCount>(sql.ToString(), parameters).ToListAsync(ct);
        return rows.ToDictionary(r => r.Policy, r => r.Count, StringComparer.Ordinal);
    }

    private static string Placeholder(int index) => "{" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";

    private sealed class PolicyCount
    {
        public string Policy { get; set; } = "";

        public int Count { get; set; }
    }
}
