using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Prescriptions;
using static AktivResept.Domain.Tests.Kpis.AKpi;

namespace AktivResept.Domain.Tests.Kpis;

/// <summary>Every metric on a small example computed by hand (see docs/kpis.md for the definitions).</summary>
public class KpiEngineTests
{
    private static readonly KpiPeriod Q1 = KpiPeriod.Containing(Day(1, 1), KpiPeriodKind.Quarter);

    private static KpiFacts AdherenceCohort()
    {
        var monday = Day(1, 5); // week 12 of a plan starting here ends Sunday 29 March
        return Facts(
            Prescription(1, monday) with { Attendance = Daily(monday, 18) },                    // 18 of 24: reached
            Prescription(2, monday) with { Attendance = Daily(monday, 17) },                    // 17 of 24: not reached
            Prescription(3, monday),                                                            // never started: left out
            Prescription(4, Day(1, 12)) with { Attendance = Daily(Day(1, 12), 24) },            // week 12 ends 5 April: Q2
            Prescription(5, monday, weeks: 8) with { Attendance = Daily(monday, 24) },          // plan shorter than 12 weeks
            Prescription(6, monday) with { Attendance = [.. Daily(monday, 17), Class(Day(3, 30))] }); // 18th in week 13
    }

    [Fact]
    public void Adherence_by_week_counts_starters_whose_week_twelve_ended_in_the_period()
    {
        var m = KpiEngine.Measure(Spec(KpiMetric.AdherenceByWeek), Q1, AdherenceCohort(), At(6, 1));

        (m.Numerator, m.Denominator, m.Value, m.Participants).ShouldBe((1m, 3m, 0.3333m, 3));
        m.PrescriptionIds.ShouldBe([Id(1), Id(2), Id(6)]);
    }

    [Fact]
    public void Adherence_by_week_takes_a_prescription_only_once_its_week_has_ended()
    {
        var facts = AdherenceCohort();

        // 29 March is the day summer time starts: 22 hours after midnight is 23:00 in Oslo.
        KpiEngine.Measure(Spec(KpiMetric.AdherenceByWeek), Q1, facts, At(3, 29, hour: 22)).Participants.ShouldBe(0);
        KpiEngine.Measure(Spec(KpiMetric.AdherenceByWeek), Q1, facts, OsloStartOf(Day(3, 30))).Participants.ShouldBe(3);
    }

    [Fact]
    public void Adherence_by_week_follows_its_weeks_and_share_parameters()
    {
        var spec = Spec(KpiMetric.AdherenceByWeek, parameters: [("weeks", "4"), ("share", "0.5")]);
        var monday = Day(1, 5); // week 4 ends 1 February: in February, 8 prescribed, 4 needed
        var facts = Facts(
            Prescription(1, monday) with { Attendance = Daily(monday, 4) },
            Prescription(2, monday) with { Attendance = Daily(monday, 3) });

        var m = KpiEngine.Measure(spec, KpiPeriod.Containing(Day(2, 1), KpiPeriodKind.Month), facts, At(3, 1));

        (m.Numerator, m.Denominator, m.Value).ShouldBe((1m, 2m, 0.5m));
    }

    [Fact]
    public void Completion_and_dropout_rates_count_started_prescriptions_that_ended_in_the_period()
    {
        var started = On(Day(1, 20));
        var facts = Facts(
            Prescription(1, Day(1, 19)) with { Status = PrescriptionStatus.Completed, EndedOn = Day(2, 10), Attendance = started },
            Prescription(2, Day(1, 19)) with { Status = PrescriptionStatus.DroppedOut, EndedOn = Day(2, 20), Attendance = started },
            Prescription(3, Day(1, 19)) with { Status = PrescriptionStatus.Cancelled, EndedOn = Day(2, 5), Attendance = started },
            Prescription(4, Day(1, 19)) with { Status = PrescriptionStatus.Expired, EndedOn = Day(2, 3) },          // never started
            Prescription(5, Day(1, 19)) with { Status = PrescriptionStatus.Completed, EndedOn = Day(3, 2), Attendance = started },
            Prescription(6, Day(1, 19)) with { Attendance = started });                                               // still running

        var completion = KpiEngine.Measure(Spec(KpiMetric.CompletionRate), February, facts, At(3, 15));
        var dropout = KpiEngine.Measure(Spec(KpiMetric.DropoutRate), February, facts, At(3, 15));

        (completion.Numerator, completion.Denominator, completion.Value).ShouldBe((1m, 3m, 0.3333m));
        (dropout.Numerator, dropout.Denominator, dropout.Value).ShouldBe((1m, 3m, 0.3333m));
        dropout.PrescriptionIds.ShouldBe([Id(1), Id(2), Id(3)]);
        KpiEngine.Measure(Spec(KpiMetric.DropoutRate), February, facts, At(2, 15)).Numerator.ShouldBe(0m);
    }

    [Fact]
    public void Median_weekly_adherence_counts_partial_weeks_from_the_first_session_to_the_end()
    {
        var facts = Facts(
            // Starts Wednesday 28 Jan, 3 a week: the ISO weeks ending 1, 8, 15, 22 Feb ask 2, 3, 3, 3; attended 1, 2, 3, 0.
            Prescription(1, Day(1, 28), perWeek: 3) with { Attendance = On(Day(1, 29), Day(2, 3), Day(2, 5), Day(2, 10), Day(2, 11), Day(2, 12)) },
            // Weeks ending 15 and 22 Feb ask 2 and 2; attended 2 and 3: capped at 1.
            Prescription(2, Day(2, 9)) with { Attendance = On(Day(2, 10), Day(2, 12), Day(2, 17), Day(2, 18), Day(2, 19)) },
            // First session in the week ending 15 Feb: the week before it is not counted; 1 of 4.
            Prescription(3, Day(2, 2)) with { Attendance = On(Day(2, 12)) },
            Prescription(4, Day(2, 2)),
            // Dropped out Wednesday 11 Feb: weeks ending 1, 8 Feb ask 2, 2 and the partial week to 11 Feb asks 1; none attended.
            Prescription(5, Day(1, 5)) with { Status = PrescriptionStatus.DroppedOut, EndedOn = Day(2, 11), Attendance = On(Day(1, 6)) });

        var m = KpiEngine.Measure(Spec(KpiMetric.MedianWeeklyAdherence), February, facts, At(3, 10));

        // Rates 6/11, 1, 1/4, 0: median (1/4 + 6/11) / 2 = 0.39772...
        (m.Numerator, m.Denominator, m.Value, m.Participants).ShouldBe((12m, 24m, 0.3977m, 4));
    }

    [Fact]
    public void Median_weekly_adherence_leaves_out_a_week_that_has_not_ended()
    {
        var facts = Facts(Prescription(1, Day(2, 9)) with { Attendance = On(Day(2, 10), Day(2, 12), Day(2, 16)) });

        var m = KpiEngine.Measure(Spec(KpiMetric.MedianWeeklyAdherence), February, facts, At(2, 22, hour: 20));

        (m.Numerator, m.Denominator, m.Value).ShouldBe((2m, 2m, 1m));
    }

    private static KpiFacts Waiting(bool withCheckInAfterNoShow) => Facts([
        Prescription(1, Day(1, 30)) with { SentAt = At(1, 30, 10), Attendance = On(Day(2, 2)) },                  // 3 days
        Prescription(2, Day(2, 2)) with { SentAt = new DateTimeOffset(2026, 2, 1, 23, 30, 0, TimeSpan.Zero), Attendance = On(Day(2, 2)) }, // 00:30 in Oslo: 0 days
        Prescription(3, Day(1, 12)) with { SentAt = At(1, 10), Attendance = On(Day(2, 20)) },                     // 41 days
        Prescription(4, Day(2, 3)) with { SentAt = At(2, 3), Attendance = On(Day(2, 10), Day(2, 11)) },           // 7 days
        Prescription(5, Day(2, 3)) with { SentAt = At(2, 3), Attendance = On(Day(3, 2)) },                        // first session in March
        Prescription(6, Day(1, 20)) with { SentAt = At(1, 20), Attendance = On(Day(1, 28), Day(2, 4)) },          // first session in January
        Prescription(7, Day(2, 5)) with { SentAt = At(2, 5) },                                                   // no attendance
        .. withCheckInAfterNoShow
            ? [Prescription(8, Day(2, 5)) with { SentAt = At(2, 5), Attendance = [NoShow(Day(2, 9)), CheckIn(Day(2, 12))] }] // 7 days
            : Array.Empty<KpiPrescriptionFacts>()]);

    [Fact]
    public void Waiting_days_run_from_the_Oslo_day_sent_to_the_first_countable_session_in_the_period()
    {
        var median = KpiEngine.Measure(Spec(KpiMetric.WaitingDaysMedian), February, Waiting(true), At(3, 10));
        var p90 = KpiEngine.Measure(Spec(KpiMetric.WaitingDaysP90), February, Waiting(true), At(3, 10));

        // Sorted 0, 3, 7, 7, 41: median 7; nearest rank ceil(0.9 × 5) = 5 → 41.
        (median.Numerator, median.Denominator, median.Value, median.Participants).ShouldBe((58m, 5m, 7m, 5));
        (p90.Numerator, p90.Denominator, p90.Value).ShouldBe((58m, 5m, 41m));
        median.PrescriptionIds.ShouldBe([Id(1), Id(2), Id(3), Id(4), Id(8)]);
    }

    [Fact]
    public void An_even_number_of_waits_has_the_mean_of_the_middle_two_as_median()
    {
        var median = KpiEngine.Measure(Spec(KpiMetric.WaitingDaysMedian), February, Waiting(false), At(3, 10));
        var p90 = KpiEngine.Measure(Spec(KpiMetric.WaitingDaysP90), February, Waiting(false), At(3, 10));

        // Sorted 0, 3, 7, 41: median (3 + 7) / 2 = 5; nearest rank ceil(0.9 × 4) = 4 → 41.
        median.Value.ShouldBe(5m);
        p90.Value.ShouldBe(41m);
    }

    private static readonly Guid Strand = Id(100), Sentrum = Id(101), Elsewhere = Id(102);

    private static KpiFacts CapacityFacts() => new(
        [
            Prescription(1, Day(1, 19)) with { LocationId = Strand, Attendance = [Class(Day(1, 31)), .. Daily(Day(2, 1), 20)] },
            Prescription(2, Day(1, 19)) with { LocationId = Strand, Attendance = [.. Daily(Day(2, 1), 10), CheckIn(Day(2, 1))] },
            Prescription(3, Day(1, 19)) with { LocationId = Sentrum, Attendance = Daily(Day(2, 2), 5) },
            Prescription(4, Day(1, 19)) with { LocationId = Elsewhere, Attendance = Daily(Day(2, 2), 4) },
            Prescription(5, Day(1, 19)) with { LocationId = Strand },
        ],
        [],
        [new(Strand, 10), new(Strand, 5), new(Sentrum, 7)],
        []);

    [Fact]
    public void Capacity_utilisation_sets_sessions_against_places_per_week_over_the_periods_weeks()
    {
        var all = KpiEngine.Measure(Spec(KpiMetric.CapacityUtilisation), February, CapacityFacts(), At(3, 5));
        var strand = KpiEngine.Measure(Spec(KpiMetric.CapacityUtilisation, parameters: ("location", Strand.ToString())), February, CapacityFacts(), At(3, 5));

        // 22 places a week × 28/7 weeks = 88 offered; 20 + 10 + 5 sessions (a check-in on a class day adds nothing).
        (all.Numerator, all.Denominator, all.Value, all.Participants).ShouldBe((35m, 88m, 0.3977m, 3));
        (strand.Numerator, strand.Denominator, strand.Value).ShouldBe((30m, 60m, 0.5m));
        strand.PrescriptionIds.ShouldBe([Id(1), Id(2)]);
    }

    [Fact]
    public void Capacity_utilisation_of_an_open_period_counts_only_the_days_that_have_ended()
    {
        var strand = KpiEngine.Measure(Spec(KpiMetric.CapacityUtilisation, parameters: ("location", Strand.ToString())), February, CapacityFacts(), At(2, 15));

        // 1–14 February: 15 × 2 = 30 offered; 14 + 10 sessions.
        (strand.Numerator, strand.Denominator, strand.Value).ShouldBe((24m, 30m, 0.8m));
    }

    [Fact]
    public void Capacity_utilisation_above_the_places_shows_as_full_and_without_places_has_no_figure()
    {
        var facts = CapacityFacts() with { Capacity = [new(Sentrum, 1)] };

        var over = KpiEngine.Measure(Spec(KpiMetric.CapacityUtilisation), February, facts, At(3, 5));
        var none = KpiEngine.Measure(Spec(KpiMetric.CapacityUtilisation, parameters: ("location", Elsewhere.ToString())), February, facts, At(3, 5));

        (over.Numerator, over.Denominator, over.Value).ShouldBe((5m, 4m, 1m));
        (none.Value, none.Participants).ShouldBe((null, 0));
        KpiEngine.Judge(Spec(KpiMetric.CapacityUtilisation), none).ShouldBe(KpiVerdict.TooFew);
    }

    [Fact]
    public void Answered_within_days_judges_each_referral_once_answered_or_past_its_deadline()
    {
        var facts = Facts(
            Prescription(1, Day(2, 16)) with { SentAt = At(2, 2, 10), AnsweredAt = new DateTimeOffset(2026, 2, 9, 22, 30, 0, TimeSpan.Zero) }, // 23:30 on day 7
            Prescription(2, Day(2, 16)) with { SentAt = At(2, 2, 10), AnsweredAt = new DateTimeOffset(2026, 2, 9, 23, 30, 0, TimeSpan.Zero) }, // 00:30 on day 8
            Prescription(3, Day(2, 16)) with { SentAt = At(2, 3) },                                                           // deadline 10 Feb passed
            Prescription(4, Day(2, 23)) with { SentAt = At(2, 15) },                                                          // deadline 22 Feb: pending
            Prescription(5, Day(2, 16)) with { SentAt = At(2, 4), Status = PrescriptionStatus.Cancelled, EndedOn = Day(2, 6) }, // withdrawn in time
            Prescription(6, Day(2, 16)) with { SentAt = At(1, 30), AnsweredAt = At(2, 2) },                                   // sent in January
            Prescription(7, Day(2, 23)) with { SentAt = At(2, 16), AnsweredAt = At(2, 21) },                                  // answered after asOf
            Prescription(8, Day(2, 16)) with { SentAt = At(2, 5), AnsweredAt = At(2, 6), Status = PrescriptionStatus.Rejected, EndedOn = Day(2, 6) });

        var m = KpiEngine.Measure(Spec(KpiMetric.AnsweredWithinDays), February, facts, At(2, 20));
        var generous = KpiEngine.Measure(Spec(KpiMetric.AnsweredWithinDays, parameters: ("days", "8")), February, facts, At(2, 20));

        (m.Numerator, m.Denominator, m.Value).ShouldBe((2m, 4m, 0.5m));
        m.PrescriptionIds.ShouldBe([Id(1), Id(2), Id(3), Id(8)]);
        (generous.Numerator, generous.Denominator).ShouldBe((3m, 4m));
    }

    [Fact]
    public void Certified_trainer_share_counts_a_participants_day_once_and_qualified_if_any_trainer_was()
    {
        var facts = KpiFacts.Empty with
        {
            TrainerSessions =
            [
                new(Id(1), Day(2, 2), true), new(Id(1), Day(2, 2), false), new(Id(1), Day(2, 3), false),
                new(Id(2), Day(2, 4), true), new(Id(2), Day(2, 4), true),
                new(Id(3), Day(1, 31), true), new(Id(3), Day(2, 21), true),
                new(Id(4), Day(2, 20), false),
            ],
        };

        var m = KpiEngine.Measure(Spec(KpiMetric.CertifiedTrainerShare), February, facts, At(2, 20));

        (m.Numerator, m.Denominator, m.Value, m.Participants).ShouldBe((2m, 4m, 0.5m, 3));
        m.PrescriptionIds.ShouldBe([Id(1), Id(2), Id(4)]);
    }

    private static KpiFacts EquityFacts() => new(
        [
            Prescription(1, Day(1, 19)) with { Benefit = BenefitKind.WorkAssessmentAllowance, Attendance = On(Day(2, 3)) },
            Prescription(2, Day(1, 19)) with { Benefit = BenefitKind.WorkAssessmentAllowance, Attendance = On(Day(2, 10)) },
            Prescription(3, Day(1, 19)) with { Benefit = BenefitKind.WorkAssessmentAllowance, Attendance = [NoShow(Day(2, 10))] },
            Prescription(4, Day(1, 19)) with { Benefit = BenefitKind.DisabilityBenefit, Attendance = On(Day(2, 15)) },
            Prescription(5, Day(1, 19)) with { Attendance = On(Day(2, 15)) },
            Prescription(6, Day(1, 19)) with { Benefit = BenefitKind.TransitionalBenefit, Attendance = On(Day(2, 16)) },
        ],
        [],
        [],
        [new(BenefitKind.WorkAssessmentAllowance, 2000), new(BenefitKind.DisabilityBenefit, 1500), new(BenefitKind.SicknessBenefit, 500)]);

    [Fact]
    public void Equity_reach_is_participants_on_a_benefit_per_thousand_residents_on_it()
    {
        var waa = KpiEngine.Measure(Spec(KpiMetric.EquityReach, parameters: ("benefit", "WorkAssessmentAllowance")), February, EquityFacts(), At(3, 5));
        var all = KpiEngine.Measure(Spec(KpiMetric.EquityReach), February, EquityFacts(), At(3, 5));

        (waa.Numerator, waa.Denominator, waa.Value).ShouldBe((2m, 2000m, 1m));
        (all.Numerator, all.Denominator, all.Value).ShouldBe((4m, 4000m, 1m));
        all.PrescriptionIds.ShouldBe([Id(1), Id(2), Id(4), Id(6)]);
    }

    [Fact]
    public void Equity_reach_without_a_population_row_has_no_figure_and_is_too_few_to_judge()
    {
        var spec = Spec(KpiMetric.EquityReach, parameters: ("benefit", "TransitionalBenefit"));

        var m = KpiEngine.Measure(spec, February, EquityFacts(), At(3, 5));

        (m.Numerator, m.Denominator, m.Value, m.Participants).ShouldBe((1m, 0m, null, 1));
        KpiEngine.Judge(spec, m).ShouldBe(KpiVerdict.TooFew);
    }

    [Theory]
    [InlineData(4, KpiVerdict.TooFew)]
    [InlineData(5, KpiVerdict.Met)]
    public void Too_few_exactly_below_the_minimum_participants(int participants, KpiVerdict verdict)
    {
        var spec = Spec(KpiMetric.CompletionRate, minimum: 5, threshold: 0.5m);

        KpiEngine.Judge(spec, new KpiMeasurement(participants, participants, 1m, participants, [])).ShouldBe(verdict);
    }

    [Theory]
    [InlineData(KpiDirection.AtLeast, 0.5, KpiVerdict.Met)]
    [InlineData(KpiDirection.AtLeast, 0.4999, KpiVerdict.NotMet)]
    [InlineData(KpiDirection.AtMost, 0.5, KpiVerdict.Met)]
    [InlineData(KpiDirection.AtMost, 0.5001, KpiVerdict.NotMet)]
    public void The_threshold_itself_meets_the_requirement_in_either_direction(KpiDirection direction, double value, KpiVerdict verdict)
    {
        var spec = Spec(KpiMetric.DropoutRate, threshold: 0.5m, direction: direction);

        KpiEngine.Judge(spec, new KpiMeasurement(1, 2, (decimal)value, 10, [])).ShouldBe(verdict);
    }

    [Fact]
    public void A_late_event_changes_the_figure_and_its_fingerprint_and_an_event_after_asOf_is_not_counted()
    {
        var before = Facts(Prescription(1, Day(2, 2)) with { Attendance = On(Day(2, 3), Day(2, 4)) });
        var late = Facts(before.Prescriptions[0] with { Attendance = On(Day(2, 3), Day(2, 4), Day(2, 5)) });
        var spec = Spec(KpiMetric.MedianWeeklyAdherence);

        var first = KpiEngine.Measure(spec, February, before, At(3, 20));
        var revised = KpiEngine.Measure(spec, February, late, At(3, 20));
        var notYet = KpiEngine.Measure(spec, February, late, At(2, 5, hour: 9));

        revised.Numerator.ShouldBe(first.Numerator + 1);
        revised.Fingerprint.ShouldNotBe(first.Fingerprint);
        notYet.ShouldBe(KpiEngine.Measure(spec, February, before, At(2, 5, hour: 9)));
    }

    [Fact]
    public void The_same_prescription_twice_counts_once_and_conflicting_facts_about_it_are_refused()
    {
        var p = Prescription(1, Day(2, 2)) with { Status = PrescriptionStatus.Completed, EndedOn = Day(2, 20), Attendance = On(Day(2, 3), Day(2, 4)) };
        var twice = Facts(p, p with { Attendance = On(Day(2, 4), Day(2, 3)) });

        KpiEngine.Measure(Spec(KpiMetric.CompletionRate), February, twice, At(3, 1)).ShouldBe(
            KpiEngine.Measure(Spec(KpiMetric.CompletionRate), February, Facts(p), At(3, 1)));
        Should.Throw<ArgumentException>(() => KpiEngine.Measure(Spec(KpiMetric.CompletionRate), February, Facts(p, p with { Status = PrescriptionStatus.DroppedOut }), At(3, 1)));
    }

    [Fact]
    public void Two_population_rows_for_one_benefit_are_refused()
    {
        var facts = EquityFacts() with { Population = [new(BenefitKind.SicknessBenefit, 10), new(BenefitKind.SicknessBenefit, 11)] };

        Should.Throw<ArgumentException>(() => KpiEngine.Measure(Spec(KpiMetric.EquityReach), February, facts, At(3, 5)));
    }

    [Fact]
    public void A_period_with_no_facts_has_no_figure()
    {
        foreach (var definition in KpiCatalogue.All)
        {
            var m = KpiEngine.Measure(Spec(definition.Metric), February, KpiFacts.Empty, At(3, 5));

            (m.Value, m.Participants, m.PrescriptionIds.Count).ShouldBe((null, 0, 0), definition.Code);
        }
    }

    private static DateTimeOffset OsloStartOf(DateOnly day) => Calendar.OsloCalendar.StartOf(day);
}
