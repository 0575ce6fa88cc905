namespace AktivResept.Domain.Claims;

/// <summary>A trainer's session in time and place, for finding a trainer in two places at once.</summary>
public sealed record TrainerSlot(Guid SessionId, Guid TrainerId, Guid? LocationId, DateTimeOffset Start, int Minutes)
{
    public DateTimeOffset End => Start.AddMinutes(Minutes);

    /// <summary>Sessions that overlap in time with one of the same trainer's sessions at another location.</summary>
    public static IReadOnlySet<Guid> InTwoPlaces(IEnumerable<TrainerSlot> slots)
    {
        var found = new HashSet<Guid>();
        foreach (var trainer in slots.GroupBy(s => s.TrainerId))
        {
            var ordered = trainer.OrderBy(s => s.Start).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                for (var j = i + 1; j < ordered.Count && ordered[j].Start < ordered[i].End; j++)
                {
                    if (ordered[i].LocationId != ordered[j].LocationId)
                    {
                        found.Add(ordered[i].SessionId);
                        found.Add(ordered[j].SessionId);
                    }
                }
            }
        }

        return found;
    }
}
