using AktivResept.Domain.Claims;

namespace AktivResept.Domain.Tests.Claims;

public class ClaimPricingTests
{
    [Fact]
    public void Thirty_percent_co_financing_is_taken_from_what_remains_after_the_copay()
    {
        var price = ClaimPricing.Price(450.00m, 50.00m, 0.30m, copayExempt: false);

        price.ShouldBe(new LinePrice(450.00m, 280.00m, 50.00m, 120.00m));
    }

    [Fact]
    public void An_exempt_participant_pays_nothing_and_the_share_applies_to_the_whole_tariff()
    {
        var price = ClaimPricing.Price(450.00m, 50.00m, 0.30m, copayExempt: true);

        price.ShouldBe(new LinePrice(450.00m, 315.00m, 0m, 135.00m));
    }

    [Fact]
    public void Half_an_ore_of_co_financing_rounds_up_and_the_public_share_takes_the_rest()
    {
        // 450.05 * 0.5 = 225.025
        var price = ClaimPricing.Price(450.05m, 0m, 0.5m, copayExempt: false);

        price.ShouldBe(new LinePrice(450.05m, 225.02m, 0m, 225.03m));
    }

    [Fact]
    public void A_third_share_loses_no_ore()
    {
        // 100.00 * 0.3333 = 33.33; 100.01 * 1/3 = 33.3366...
        ClaimPricing.Price(100.00m, 0m, 0.3333m, copayExempt: false).ShouldBe(new LinePrice(100.00m, 66.67m, 0m, 33.33m));
        ClaimPricing.Price(100.01m, 0m, 1m / 3m, copayExempt: false).ShouldBe(new LinePrice(100.01m, 66.67m, 0m, 33.34m));
    }

    [Fact]
    public void A_copay_above_the_tariff_is_capped_at_the_tariff()
    {
        ClaimPricing.Price(40.00m, 50.00m, 0.30m, copayExempt: false).ShouldBe(new LinePrice(40.00m, 0m, 40.00m, 0m));
    }

    [Fact]
    public void Without_co_financing_the_payer_pays_everything_but_the_copay()
    {
        ClaimPricing.Price(450.00m, 50.00m, 0m, copayExempt: false).ShouldBe(new LinePrice(450.00m, 400.00m, 50.00m, 0m));
    }

    [Theory]
    [InlineData(-0.01, 0, 0.3)]
    [InlineData(450, -0.01, 0.3)]
    [InlineData(450, 50, -0.01)]
    [InlineData(450, 50, 1.01)]
    public void Negative_amounts_and_shares_outside_zero_to_one_are_refused(double tariff, double copay, double share)
    {
        Should.Throw<ArgumentOutOfRangeException>(() =>
            ClaimPricing.Price((decimal)tariff, (decimal)copay, (decimal)share, copayExempt: false));
    }

    [Fact]
    public void A_credit_negates_every_part()
    {
        new LinePrice(450.00m, 280.00m, 50.00m, 120.00m).Negate().ShouldBe(new LinePrice(-450.00m, -280.00m, -50.00m, -120.00m));
    }
}
