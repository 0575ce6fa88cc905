using AktivResept.Domain.Outcomes;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Outcomes;

/// <summary>
/// The outcome part of the completion summary: each prescription's baseline → end changes, computed from the current
/// measurements by the same rule as the referrer's page and <c>GET /api/prescriptions/{id}/outcomes</c>
/// (<see cref="OutcomeChanges"/>). Called by the adherence job as it completes a batch, inside its transaction.
/// </summary>
public sealed class OutcomeCompletion(AktivDbContext db)
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<OutcomeChange>>> ChangesForAsync(IReadOnlyCollection<Guid> prescriptionIds, CancellationToken ct)
    {
        if (prescriptionIds.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<OutcomeChange>>();
        }

        var rows = await db.OutcomeMeasurements.AsNoTracking()
            .Where(m => prescriptionIds.Contains(m.PrescriptionId) && m.SupersededAt == null &&
                        (m.Timepoint == OutcomeChanges.Baseline || m.Timepoint == OutcomeChanges.End))
            .Select(m => new { m.PrescriptionId, m.Id, m.Instrument, m.Timepoint, m.EffectiveAt, m.Score })
            .ToListAsync(ct);

        // Ordered here, not in SQL: SQLite cannot order by a DateTimeOffset. Ties go by id, as on the page.
        return rows.GroupBy(m => m.PrescriptionId).ToDictionary(
            g => g.Key,
            g => OutcomeChanges.BaselineToEnd(g.OrderBy(m => m.EffectiveAt).ThenBy(m => m.Id)
                .Select(m => new ScoredMeasurement(m.Instrument, m.Timepoint, m.EffectiveAt, m.Score))));
    }
}
