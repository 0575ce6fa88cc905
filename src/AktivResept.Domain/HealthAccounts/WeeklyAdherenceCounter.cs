namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// Of the persons whose episode reached week w, how many were adherent at its end: the adherence calculator's verdicts
/// (<see cref="AccountParticipant.AdherentByWeek"/>), never recomputed here.
/// </summary>
internal sealed class WeeklyAdherenceCounter
{
    private readonly List<int> reached = [];
    private readonly List<int> adherent = [];
    private (int Adherent, int Not, int Reached)[] weekCells = [];

    public void Add(AccountPerson person)
    {
        var verdicts = person.Episode.AdherentByWeek;
        for (var w = 0; w < verdicts.Count; w++)
        {
            if (w == reached.Count)
            {
                reached.Add(0);
                adherent.Add(0);
            }

            reached[w]++;
            if (verdicts[w])
            {
                adherent[w]++;
            }
        }
    }

    public void Register(CountCells cells)
    {
        weekCells = reached.Select((n, w) => (cells.Add(adherent[w]), cells.Add(n - adherent[w]), cells.Add(n))).ToArray();
        foreach (var (a, n, r) in weekCells)
        {
            cells.Line([a, n, r]);
        }
    }

    /// <summary>The share is shown only when both adherent and not adherent are: otherwise it gives a hidden count away.</summary>
    public IReadOnlyList<WeeklyAdherence> Publish(CountCells cells) =>
        weekCells.Select((c, w) => new WeeklyAdherence(
            w + 1,
            cells.Shown(c.Reached),
            cells.IsShown(c.Adherent) && cells.IsShown(c.Not) && reached[w] > 0 ? (double)adherent[w] / reached[w] : null)).ToArray();
}
