using AktivResept.Server.Data;
using AktivResept.Server.Features.Consents;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Research;

/// <summary>
/// Who may be in a project's export: the persons whose <c>research:{project id}</c> consent is in force at the instant
/// (<see cref="ConsentRecord.IsInForceAt"/>, the one validity rule), with the consent they gave (its text version and date).
/// </summary>
public static class ResearchConsents
{
    public static async Task<Dictionary<Guid, ConsentRecord>> InForceAsync(AktivDbContext db, Guid projectId, DateTimeOffset at, CancellationToken ct)
    {
        var purpose = ConsentPurpose.Research(projectId);
        var records = await db.ConsentRecords.AsNoTracking().Where(c => c.Purpose == purpose).ToListAsync(ct);
        var byPerson = new Dictionary<Guid, ConsentRecord>();
        foreach (var c in records.Where(c => c.IsInForceAt(at)))
        {
            if (!byPerson.TryGetValue(c.PersonId, out var other) || other.GivenAt < c.GivenAt)
            {
                byPerson[c.PersonId] = c;
            }
        }

        return byPerson;
    }
}
