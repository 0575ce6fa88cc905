namespace AktivResept.Domain.Claims;

/// <summary>
/// Splits a tariff into copay, co-financing and public share, in NOK to the øre.
/// Rounding rule: the copay is the tariff's fixed amount (capped at the price, zero when exempt); the co-financing is
/// the contract's share of what remains, rounded to the øre half away from zero; the public share is the rest, so
/// rounding never creates or loses an øre.
/// </summary>
public static class ClaimPricing
{
    public static LinePrice Price(decimal tariff, decimal copay, decimal coFinancingShare, bool copayExempt)
    {
        if (tariff < 0m || copay < 0m)
        {
            throw new ArgumentOutOfRangeException(tariff < 0m ? nameof(tariff) : nameof(copay), "Tariffs and copays are never negative.");
        }

        if (coFinancingShare is < 0m or > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(coFinancingShare), "The co-financing share is a fraction from 0 to 1.");
        }

        var price = RoundToOre(tariff);
        var participantPays = copayExempt ? 0m : Math.Min(RoundToOre(copay), price);
        var remaining = price - participantPays;
        var coFinancing = RoundToOre(remaining * coFinancingShare);
        return new LinePrice(price, remaining - coFinancing, participantPays, coFinancing);
    }

    public static decimal RoundToOre(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
