using AktivResept.Server.Components.Shared;

namespace AktivResept.Server.Tests.Components;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("0", "kr 0,00")]
    [InlineData("450", "kr 450,00")]
    [InlineData("1234.5", "kr 1 234,50")]
    [InlineData("1234567.891", "kr 1 234 567,89")]
    [InlineData("999.995", "kr 1 000,00")]
    [InlineData("-400", "kr -400,00")]
    [InlineData("-1234.5", "kr -1 234,50")]
    public void Amounts_are_written_the_Norwegian_way_with_plain_spaces(string amount, string expected) =>
        Money.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Fact]
    public void The_format_does_not_depend_on_the_current_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("en-US");
            Money.Format(1234.5m).ShouldBe("kr 1 234,50");
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("nb-NO");
            Money.Format(1234.5m).ShouldBe("kr 1 234,50");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }
}
