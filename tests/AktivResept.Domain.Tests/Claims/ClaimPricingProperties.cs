using AktivResept.Domain.Claims;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Claims;

[Properties(Arbitrary = [typeof(ClaimGenerators)], MaxTest = 1000)]
public class ClaimPricingProperties
{
    [Property]
    public void The_parts_add_up_to_the_tariff_to_the_ore(PricingInput input)
    {
        var price = ClaimPricing.Price(input.Tariff, input.Copay, input.Share, input.Exempt);

        price.Tariff.ShouldBe(input.Tariff);
        (price.PublicShare + price.Copay + price.CoFinancing).ShouldBe(input.Tariff);
    }

    [Property]
    public void Every_part_is_whole_ore_and_none_is_negative(PricingInput input)
    {
        var price = ClaimPricing.Price(input.Tariff, input.Copay, input.Share, input.Exempt);

        decimal[] parts = [price.Tariff, price.PublicShare, price.Copay, price.CoFinancing];
        parts.ShouldAllBe(p => p == Math.Round(p, 2) && p >= 0m);
    }

    [Property]
    public void The_copay_is_waived_when_exempt_and_never_more_than_the_tariff(PricingInput input)
    {
        var price = ClaimPricing.Price(input.Tariff, input.Copay, input.Share, input.Exempt);

        price.Copay.ShouldBeLessThanOrEqualTo(input.Tariff);
        if (input.Exempt)
        {
            price.Copay.ShouldBe(0m);
        }
        else
        {
            price.Copay.ShouldBe(Math.Min(Math.Round(input.Copay, 2, MidpointRounding.AwayFromZero), input.Tariff));
        }
    }

    /// <summary>The co-financing is the share of what the participant does not pay, off by at most half an øre.</summary>
    [Property]
    public void The_co_financing_is_the_share_of_the_rest_within_half_an_ore(PricingInput input)
    {
        var price = ClaimPricing.Price(input.Tariff, input.Copay, input.Share, input.Exempt);

        var exact = (input.Tariff - price.Copay) * input.Share;
        Math.Abs(price.CoFinancing - exact).ShouldBeLessThanOrEqualTo(0.005m);
    }
}
