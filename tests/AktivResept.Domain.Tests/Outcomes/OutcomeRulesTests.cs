using AktivResept.Domain.Outcomes;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Outcomes;

public sealed class OutcomeRulesTests
{
    private static readonly DateOnly Start = new(2026, 3, 2);

    [Fact]
    public void Every_instrument_has_a_cited_MCID_or_says_why_not_and_ranges_that_hold_its_parts()
    {
        foreach (var instrument in InstrumentCatalogue.All)
        {
            (instrument.Mcid is { Source.Length: > 20 } || instrument.McidNote is { Length: > 10 }).ShouldBeTrue(instrument.Code);
            instrument.Components.ShouldNotBeEmpty();
            instrument.Components.ShouldAllBe(c => c.Min < c.Max && !string.IsNullOrWhiteSpace(c.Unit));
        }
    }

    [Fact]
    public void A_reading_outside_its_range_in_the_wrong_unit_or_incomplete_names_the_part()
    {
        var sts = InstrumentCatalogue.Get(InstrumentCatalogue.SitToStand);
        var tooMany = InstrumentScoring.Validate(sts, new Dictionary<string, PartReading> { ["value"] = new(61) }).Single();
        tooMany.Field.ShouldBe("values.value");
        tooMany.Error.Message.ShouldBe("must be between 0 and 60.");
        // A decimal argument is rendered as money by the web's error texts: a reading's bounds are plain numbers.
        tooMany.Error.Args.Values.ShouldNotContain(v => v is decimal);
        InstrumentScoring.Validate(sts, new Dictionary<string, PartReading> { ["value"] = new(12, "kg") }).Single().Field.ShouldBe("unit");
        InstrumentScoring.Validate(sts, new Dictionary<string, PartReading> { ["value"] = new(12, "{repetitions}") }).ShouldBeEmpty();
        var eq5d = InstrumentCatalogue.Get(InstrumentCatalogue.Eq5d5l);
        var incomplete = InstrumentScoring.Validate(eq5d, new Dictionary<string, PartReading> { ["mobility"] = new(1), ["vas"] = new(50) });
        incomplete.Single().Error.Code.ShouldBe("outcome.eq5d-incomplete");
    }

    [Fact]
    public void The_exercise_vital_sign_is_days_times_minutes_and_BMI_is_weight_over_height_squared()
    {
        var placeholder = Eq5dValueSet.DemoPlaceholder;
        InstrumentScoring.Score(InstrumentCatalogue.Get(InstrumentCatalogue.ExerciseVitalSign), new Dictionary<string, decimal> { ["days-per-week"] = 3, ["minutes-per-day"] = 45 }, placeholder).ShouldBe(135m);
        InstrumentScoring.Score(InstrumentCatalogue.Get(InstrumentCatalogue.WeightBmi), new Dictionary<string, decimal> { ["weight"] = 80, ["height"] = 180 }, placeholder).ShouldBe(24.7m);
    }

    [Property]
    public void The_EQ5D_index_never_rises_when_a_level_worsens_and_full_health_is_the_top(byte a, byte b, byte c, byte d, byte e, byte which)
    {
        int[] levels = [1 + (a % 5), 1 + (b % 5), 1 + (c % 5), 1 + (d % 5), 1 + (e % 5)];
        var set = Eq5dValueSet.DemoPlaceholder;
        var index = set.Index(levels);
        index.ShouldBeLessThanOrEqualTo(set.Index([1, 1, 1, 1, 1]));
        var dimension = which % 5;
        if (levels[dimension] < 5)
        {
            var worse = levels.ToArray();
            worse[dimension]++;
            set.Index(worse).ShouldBeLessThanOrEqualTo(index);
        }
    }

    [Fact]
    public void A_timepoint_is_upcoming_then_due_from_its_reminder_then_missed_after_its_grace_unless_recorded()
    {
        var definition = ScheduleDefinition.Programme;
        var end = Start.AddDays((12 * 7) - 1);
        var none = new Dictionary<string, IReadOnlySet<string>>();
        TimepointStatus At(DateOnly today, IReadOnlyDictionary<string, IReadOnlySet<string>>? recorded = null) =>
            OutcomeSchedule.For(definition, Start, end, today, recorded ?? none).Single(t => t.Timepoint.Code == "baseline").Status;

        At(Start.AddDays(-8)).ShouldBe(TimepointStatus.Upcoming);
        At(Start.AddDays(-7)).ShouldBe(TimepointStatus.Due);
        At(Start.AddDays(14)).ShouldBe(TimepointStatus.Due);
        At(Start.AddDays(15)).ShouldBe(TimepointStatus.Missed);
        var all = new Dictionary<string, IReadOnlySet<string>> { ["baseline"] = definition.Find("baseline")!.Instruments.ToHashSet() };
        At(Start.AddDays(15), all).ShouldBe(TimepointStatus.Recorded);
        OutcomeSchedule.For(definition, Start, end, Start, none).Single(t => t.Timepoint.Code == "m6").DueDate.ShouldBe(Start.AddMonths(6));
        OutcomeSchedule.For(definition, Start, end, Start, none).Single(t => t.Timepoint.Code == "end").DueDate.ShouldBe(end);
    }

    [Property(MaxTest = 300)]
    public void Without_measurements_a_timepoint_only_moves_forward_from_upcoming_to_due_to_missed(short from, byte days)
    {
        var end = Start.AddDays((12 * 7) - 1);
        var none = new Dictionary<string, IReadOnlySet<string>>();
        var earlier = Start.AddDays(from % 1200);
        var later = earlier.AddDays(days);

        var before = OutcomeSchedule.For(ScheduleDefinition.Programme, Start, end, earlier, none);
        var after = OutcomeSchedule.For(ScheduleDefinition.Programme, Start, end, later, none);

        foreach (var (b, a) in before.Zip(after))
        {
            ((int)a.Status).ShouldBeGreaterThanOrEqualTo((int)b.Status, $"{b.Timepoint.Code}: {b.Status} on {earlier}, {a.Status} on {later}");
            a.Status.ShouldNotBe(TimepointStatus.Recorded);
            a.Outstanding.ShouldBe(a.Timepoint.Instruments);
        }
    }
}
