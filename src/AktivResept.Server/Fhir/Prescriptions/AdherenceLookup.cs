using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>
/// A prescription's adherence as the facade publishes it. While the prescription runs it is as of now; once it has
/// ended (completed, dropped out, cancelled) it is as of that moment, so a closed record stops growing empty weeks.
/// </summary>
public sealed record PublishedAdherence(AdherenceReport Report, DateTimeOffset AsOf, DateTimeOffset? ClosedAt)
{
    public bool Closed => ClosedAt is not null;

    /// <summary>The Oslo calendar day the figures are for: its week is still open while the prescription runs.</summary>
    public DateOnly Today => OsloCalendar.DateOf(AsOf);
}

/// <summary>
/// Adherence for prescriptions the facade shows, computed by the Attendance module's <see cref="AdherenceReader"/>
/// (which owns what attendance counts and how). Only prescriptions a provider has accepted have any.
/// </summary>
public sealed class AdherenceLookup(AktivDbContext db, AdherenceReader reader, TimeProvider clock)
{
    /// <summary>Attendance is followed from the provider's acceptance on; before that there is none to publish.</summary>
    public static bool IsFollowed(PrescriptionView view) => view.History.Any(h => h.To == PrescriptionStatus.Accepted);

    /// <summary>When the prescription ended (the move into its terminal state), or null while it runs.</summary>
    public static DateTimeOffset? ClosedAt(PrescriptionView view) =>
        Lifecycle.IsTerminal(view.Status) ? view.History.LastOrDefault(h => h.To == view.Status)?.At : null;

    /// <returns>Prescription id to its adherence, for the followed prescriptions among <paramref name="views"/>.</returns>
    public async Task<IReadOnlyDictionary<Guid, PublishedAdherence>> ForAsync(IEnumerable<PrescriptionView> views, CancellationToken ct)
    {
        var followed = views.Where(IsFollowed).ToList();
        if (followed.Count == 0)
        {
            return new Dictionary<Guid, PublishedAdherence>();
        }

        var ids = followed.Select(v => v.Id).ToList();
        var prescriptions = await db.Prescriptions.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var now = clock.GetUtcNow();
        var result = new Dictionary<Guid, PublishedAdherence>();
        foreach (var view in followed)
        {
            // One query per prescription, on the (PrescriptionId, OccurredAt) index: the reader decides what counts.
            var facts = await reader.FactsAsync(view.Id, ct);
            var closedAt = ClosedAt(view);
            var asOf = closedAt is { } closed && closed < now ? closed : now;
            result[view.Id] = new PublishedAdherence(reader.Evaluate(prescriptions[view.Id], facts, asOf), asOf, closedAt);
        }

        return result;
    }
}
