namespace AktivResept.Domain.HealthAccounts;

/// <summary>Costs by payer from the claims plus the labelled costs entered outside them, summed in decimal (to the øre).</summary>
internal sealed class CostCounter
{
    private readonly decimal[] claims = new decimal[Enum.GetValues<CostPayer>().Length];

    public void Add(AccountParticipant participant)
    {
        foreach (var cost in participant.Costs)
        {
            claims[(int)cost.Payer] += cost.Amount;
        }
    }

    /// <summary>
    /// The account; per participant and per completer only when their count is published (with the total, a shown
    /// cost per person would give a hidden count away).
    /// </summary>
    public CostAccount Publish(IReadOnlyList<OtherCost> otherCosts, int? started, int? completed)
    {
        var other = otherCosts
            .GroupBy(c => (c.Label, c.Payer))
            .Select(g => new LabelledCost(g.Key.Label, g.Key.Payer, g.Sum(c => c.Amount)))
            .OrderBy(c => c.Label, StringComparer.Ordinal).ThenBy(c => c.Payer)
            .ToArray();
        var byPayer = Enum.GetValues<CostPayer>().Select(payer =>
        {
            var own = other.Where(c => c.Payer == payer).Sum(c => c.Amount);
            return new PayerCost(payer, claims[(int)payer], own, claims[(int)payer] + own);
        }).ToArray();
        var claimsTotal = claims.Sum();
        var otherTotal = other.Sum(c => c.Amount);
        var total = claimsTotal + otherTotal;
        return new CostAccount(byPayer, other, claimsTotal, otherTotal, total, PerPerson(total, started), PerPerson(total, completed));
    }

    public static decimal? PerPerson(decimal total, int? persons) =>
        persons is > 0 ? Math.Round(total / persons.Value, 2, MidpointRounding.AwayFromZero) : null;
}
