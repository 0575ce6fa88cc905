using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Consents;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Research;

/// <summary>
/// Offers the consent to every research project whose period covers today on the person's consent page, with the
/// project's own text version, title and purpose. Giving and withdrawing go through the one consent model.
/// </summary>
public sealed class ResearchConsentOffers(AktivDbContext db) : IConsentOffers
{
    public async Task<IReadOnlyList<OfferedConsent>> OfferedAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = Oslo.Today(now);
        var open = await db.ResearchProjects.AsNoTracking().Where(p => p.PeriodFrom <= today && p.PeriodTo >= today).OrderBy(p => p.Title)
            .Select(p => new { p.Id, p.Title, p.Purpose, p.ConsentTextVersion }).ToListAsync(ct);
        return [.. open.Select(p => new OfferedConsent(ConsentPurpose.Research(p.Id), ConsentPurposeKind.Research, p.ConsentTextVersion, false, p.Title, p.Purpose))];
    }

    public async Task<IReadOnlyDictionary<Guid, string>> TitlesAsync(IReadOnlyCollection<Guid> references, CancellationToken ct) =>
        await db.ResearchProjects.AsNoTracking().Where(p => references.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
}
