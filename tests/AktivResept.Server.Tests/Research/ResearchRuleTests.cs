using System.Security.Cryptography;
using AktivResept.Server.Features.Research;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Server.Tests.Research;

/// <summary>The export's pure rules: date shifts, coarsening, pseudonyms and the REK number's format.</summary>
public sealed class ResearchRuleTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    [Property]
    public bool A_shift_stays_within_plus_minus_n_days_and_is_the_same_for_every_date_of_the_person(Guid person, PositiveInt n, int day)
    {
        var days = 1 + (n.Get % ResearchDates.MaxShiftDays);
        var dates = new ResearchDates(DateHandling.Shifted, days, KeyA);
        var offset = dates.OffsetOf(person);
        var date = new DateOnly(2026, 1, 1).AddDays(Math.Abs(day % 3000));
        return Math.Abs(offset) <= days && offset == dates.OffsetOf(person)
            && dates.Shift(date, offset).DayNumber - dates.Shift(date.AddDays(10), offset).DayNumber == -10;
    }

    [Property]
    public bool Exact_and_coarsened_dates_are_never_shifted(Guid person) =>
        new ResearchDates(DateHandling.Exact, 30, KeyA).OffsetOf(person) == 0 && new ResearchDates(DateHandling.Month, 30, KeyA).OffsetOf(person) == 0;

    [Fact]
    public void Offsets_under_two_keys_differ_for_most_persons()
    {
        var persons = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToList();
        var (a, b) = (new ResearchDates(DateHandling.Shifted, 30, KeyA), new ResearchDates(DateHandling.Shifted, 30, KeyB));
        persons.Count(p => a.OffsetOf(p) != b.OffsetOf(p)).ShouldBeGreaterThan(150);
        persons.Select(a.OffsetOf).Distinct().Count().ShouldBeGreaterThan(30, "the offsets spread over the range");
    }

    [Fact]
    public void Coarsened_dates_are_the_iso_week_or_the_month()
    {
        var week = new ResearchDates(DateHandling.IsoWeek, 0, KeyA);
        week.Text(new DateOnly(2026, 11, 24), 0).ShouldBe("2026-W48");
        week.Text(new DateOnly(2027, 1, 1), 0).ShouldBe("2026-W53");
        new ResearchDates(DateHandling.Month, 0, KeyA).Text(new DateOnly(2026, 11, 24), 0).ShouldBe("2026-11");
        week.KeepsDates.ShouldBeFalse();
    }

    [Property]
    public bool Pseudonyms_are_stable_under_one_key_and_differ_under_another(Guid person) =>
        ResearchKeys.Pseudonym(KeyA, person) == ResearchKeys.Pseudonym(KeyA, person)
        && ResearchKeys.Pseudonym(KeyA, person) != ResearchKeys.Pseudonym(KeyB, person)
        && ResearchKeys.Pseudonym(KeyA, person).Length == 32;

    [Theory]
    [InlineData("2026/123456", "2026/123456")]
    [InlineData("REK 2019/1234", "2019/1234")]
    [InlineData(" rek 2024/987 ", "2024/987")]
    [InlineData("2026-123456", null)]
    [InlineData("1999/1234", null)]
    [InlineData("2026/12", null)]
    [InlineData("", null)]
    public void A_rek_number_is_a_year_a_slash_and_3_to_7_digits(string text, string? expected) =>
        ResearchProjects.ApprovalReference(text).ShouldBe(expected);
}
