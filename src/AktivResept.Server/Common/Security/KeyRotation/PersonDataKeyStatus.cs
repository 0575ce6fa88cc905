using System.Data.Common;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Security.KeyRotation;

/// <summary>How many stored values are under which key, per protected column: the progress of a rotation.</summary>
public sealed record KeyStatus(string CurrentKeyId, IReadOnlyList<KeyCount> Counts, IReadOnlyCollection<string> RingKeyIds)
{
    /// <summary>Values the re-encryption job still has to rewrite; a key other than the current may be retired at 0.</summary>
    public int UnderOlderKeys => Counts.Where(c => c.KeyId != CurrentKeyId).Sum(c => c.Values);

    /// <summary>Values under a key the ring does not hold: they cannot be opened until that key is configured again.</summary>
    public int UnderUnknownKeys => Counts.Where(c => !RingKeyIds.Contains(c.KeyId)).Sum(c => c.Values);
}

public sealed record KeyCount(string Column, string KeyId, int Values);

/// <summary>
/// Counts values by the key id in their header (<see cref="PersonDataEnvelope"/>). Only the header bytes are read, no
/// value is opened, so nothing personal is read and no audit row is written.
/// </summary>
public sealed class PersonDataKeyStatus(AktivDbContext db, AtRestCipher cipher)
{
    public async Task<KeyStatus> ReadAsync(CancellationToken ct)
    {
        var counts = new List<KeyCount>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var column in ProtectedColumns.Of(db))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""SELECT substr("{column.Value}", 1, {PersonDataEnvelope.MaxHeaderLength}) FROM "{column.Table}" WHERE "{column.Value}" IS NOT NULL""";
                var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
                await using (DbDataReader reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var keyId = AtRestCipher.KeyIdOf((byte[])reader.GetValue(0));
                        byKey[keyId] = byKey.GetValueOrDefault(keyId) + 1;
                    }
                }

                counts.AddRange(byKey.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new KeyCount(column.Name, k.Key, k.Value)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return new KeyStatus(cipher.CurrentKeyId, counts, cipher.KeyIds);
    }
}
