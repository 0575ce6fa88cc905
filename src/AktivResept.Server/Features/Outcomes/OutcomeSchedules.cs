using AktivResept.Domain.Outcomes;

namespace AktivResept.Server.Features.Outcomes;

/// <summary>
/// The hook through which something other than the programme supplies a prescription's schedule (a pilot's, issue 12):
/// register an implementation with <c>services.AddScoped&lt;IOutcomeScheduleSource, …&gt;()</c>. It answers only for the
/// prescriptions it governs; the others get the programme's default.
/// </summary>
public interface IOutcomeScheduleSource
{
    Task<IReadOnlyDictionary<Guid, ScheduleDefinition>> SchedulesForAsync(IReadOnlyCollection<Guid> prescriptionIds, CancellationToken ct);
}

/// <summary>Each prescription's schedule: the first registered source that has one, else <see cref="ScheduleDefinition.Programme"/>.</summary>
public sealed class OutcomeSchedules(IEnumerable<IOutcomeScheduleSource> sources)
{
    public async Task<IReadOnlyDictionary<Guid, ScheduleDefinition>> ForAsync(IReadOnlyCollection<Guid> prescriptionIds, CancellationToken ct)
    {
        var result = new Dictionary<Guid, ScheduleDefinition>();
        foreach (var source in sources)
        {
            var open = prescriptionIds.Where(id => !result.ContainsKey(id)).ToList();
            if (open.Count == 0)
            {
                break;
            }

            foreach (var (id, definition) in await source.SchedulesForAsync(open, ct))
            {
                result.TryAdd(id, definition);
            }
        }

        foreach (var id in prescriptionIds)
        {
            result.TryAdd(id, ScheduleDefinition.Programme);
        }

        return result;
    }

    public async Task<ScheduleDefinition> ForAsync(Guid prescriptionId, CancellationToken ct) => (await ForAsync([prescriptionId], ct))[prescriptionId];
}
