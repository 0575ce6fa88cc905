using AktivResept.Domain.Contracts;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Contracts;

public class OpeningHoursTests
{
    private static readonly TimeOnly Six = new(6, 0);

    [Theory]
    [InlineData("Mo-Fr 06:00-22:00; Sa-Su 08:00-18:00")]
    [InlineData("Man–fre 06:00–22:00, lør–søn 08:00–18:00")]
    [InlineData("mandag - fredag 06.00 - 22.00; lørdag-søndag 08.00-18.00")]
    public void The_english_and_norwegian_forms_read_the_same(string text)
    {
        OpeningHours.TryParse(text, out var hours).ShouldBeTrue();

        hours.Covers(1, Six, new TimeOnly(22, 0)).ShouldBeTrue();
        hours.Covers(5, Six, new TimeOnly(22, 0)).ShouldBeTrue();
        hours.Covers(6, new TimeOnly(8, 0), new TimeOnly(18, 0)).ShouldBeTrue();
        hours.Covers(7, new TimeOnly(7, 0), new TimeOnly(18, 0)).ShouldBeFalse();
        hours.Covers(6, new TimeOnly(8, 0), new TimeOnly(18, 1)).ShouldBeFalse();
    }

    [Fact]
    public void Two_windows_on_one_day_cover_only_what_they_span_without_a_break()
    {
        OpeningHours.TryParse("Mo-Fr 06:00-10:00, 16:00-22:00", out var hours).ShouldBeTrue();

        hours.Covers(3, new TimeOnly(7, 0), new TimeOnly(9, 0)).ShouldBeTrue();
        hours.Covers(3, new TimeOnly(17, 0), new TimeOnly(22, 0)).ShouldBeTrue();
        hours.Covers(3, new TimeOnly(9, 0), new TimeOnly(17, 0)).ShouldBeFalse();
    }

    [Fact]
    public void Adjacent_windows_join_and_a_list_of_days_takes_the_time_after_it()
    {
        OpeningHours.TryParse("Mo, We 06:00-12:00; Mo We 12:00-24:00; Su off", out var hours).ShouldBeTrue();

        hours.Covers(1, Six, new TimeOnly(23, 59)).ShouldBeTrue();
        hours.Covers(3, Six, new TimeOnly(23, 59)).ShouldBeTrue();
        hours.Covers(2, Six, new TimeOnly(7, 0)).ShouldBeFalse();
    }

    [Fact]
    public void Closed_days_remove_what_an_earlier_rule_opened()
    {
        OpeningHours.TryParse("Mo-Su 06:00-22:00; Su stengt", out var hours).ShouldBeTrue();

        hours.Covers(6, Six, new TimeOnly(22, 0)).ShouldBeTrue();
        hours.Covers(7, new TimeOnly(10, 0), new TimeOnly(11, 0)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Etter avtale")]
    [InlineData("06:00-22:00")]
    [InlineData("Mo-Xx 06:00-22:00")]
    [InlineData("Mo-Fr 22:00-06:00")]
    [InlineData("Mo-Fr 06:00-25:00")]
    [InlineData("Mo-Fr 06:60-22:00")]
    [InlineData("Mo-Fr")]
    [InlineData("Mo-Fr 06:00")]
    public void Text_that_does_not_read_as_opening_hours_is_refused(string text) =>
        OpeningHours.TryParse(text, out _).ShouldBeFalse();

    [Property]
    public void A_registered_window_covers_exactly_the_spans_inside_it(byte openHour, byte length, byte fromOffset, byte toOffset)
    {
        var opens = openHour % 23;
        var closes = Math.Min(24, opens + 1 + (length % 12));
        OpeningHours.TryParse($"Tu {opens:00}:00-{closes:00}:00", out var hours).ShouldBeTrue();
        var from = fromOffset % 23;
        var to = Math.Min(23, from + 1 + (toOffset % 6));

        var inside = from >= opens && to <= closes;

        hours.Covers(2, new TimeOnly(from, 0), new TimeOnly(to, 0)).ShouldBe(inside);
        hours.Covers(4, new TimeOnly(from, 0), new TimeOnly(to, 0)).ShouldBeFalse();
    }
}
