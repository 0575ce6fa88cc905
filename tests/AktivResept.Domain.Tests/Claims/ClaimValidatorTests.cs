using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using static AktivResept.Domain.Tests.Claims.AClaim;

namespace AktivResept.Domain.Tests.Claims;

public class ClaimValidatorTests
{
    [Fact]
    public void An_attended_session_inside_the_period_is_priced_with_co_financing_and_copay()
    {
        var line = Only(Prescription(), Session(Start));

        line.IsPriced.ShouldBeTrue();
        line.Tariff.ShouldBe(PtTariff);
        line.Price.ShouldBe(new LinePrice(450.00m, 280.00m, 50.00m, 120.00m));
    }

    [Fact]
    public void A_no_show_is_refused_as_not_attended()
    {
        var line = Only(Prescription(), Session(Start, AttendanceKind.NoShow));

        line.Reasons.ShouldBe([RefusalReason.NotAttended]);
        line.Service.ShouldBeNull();
        line.Price.ShouldBe(LinePrice.Zero);
    }

    [Fact]
    public void A_door_check_in_is_refused_as_not_attended()
    {
        Only(Prescription(), Session(Start, AttendanceKind.CheckIn)).Reasons.ShouldBe([RefusalReason.NotAttended]);
    }

    [Fact]
    public void A_class_attendance_is_billed_as_a_group_session()
    {
        var line = Only(Prescription(), Session(Start, AttendanceKind.ClassAttendance));

        line.Service.ShouldBe(ServiceType.GroupSession);
        line.Price.Tariff.ShouldBe(150.00m);
    }

    [Fact]
    public void Sessions_on_the_first_and_last_day_are_inside_the_period_and_the_days_around_are_not()
    {
        var prescription = Prescription(perWeek: 5);

        Only(prescription, Session(Start)).IsPriced.ShouldBeTrue();
        Only(prescription, Session(End)).IsPriced.ShouldBeTrue();
        Only(prescription, Session(Start.AddDays(-1))).Reasons.ShouldBe([RefusalReason.OutsidePrescriptionPeriod]);
        Only(prescription, Session(End.AddDays(1))).Reasons.ShouldBe([RefusalReason.OutsidePrescriptionPeriod]);
    }

    [Fact]
    public void State_funding_needs_a_benefit_on_the_session_day()
    {
        var benefit = new BenefitPeriod(BenefitKind.WorkAssessmentAllowance, Start, Start.AddDays(6));
        var prescription = Prescription(FundingSource.StateReimbursed, benefits: benefit);

        Only(prescription, Session(Start.AddDays(6))).IsPriced.ShouldBeTrue();
        Only(prescription, Session(Start.AddDays(7))).Reasons.ShouldBe([RefusalReason.NoActiveBenefit]);
    }

    [Theory]
    [InlineData(FundingSource.Municipality)]
    [InlineData(FundingSource.EmployerPaid)]
    public void Contract_funding_needs_no_benefit(FundingSource funding)
    {
        Only(Prescription(funding), Session(Start)).IsPriced.ShouldBeTrue();
    }

    [Fact]
    public void Self_paid_prescriptions_produce_no_claims()
    {
        Should.Throw<ArgumentException>(() => ClaimValidator.Validate(Prescription(FundingSource.SelfPaid), [], [], Terms));
    }

    [Fact]
    public void A_trainer_whose_certification_expired_the_day_before_is_not_certified()
    {
        var expired = new Certification(CertificationKind.PersonalTrainer, "NIH", Start.AddYears(-1), Start.AddDays(2));

        Only(Prescription(), Session(Start.AddDays(2), certifications: expired)).IsPriced.ShouldBeTrue();
        Only(Prescription(), Session(Start.AddDays(3), certifications: expired)).Reasons.ShouldBe([RefusalReason.TrainerNotCertified]);
    }

    [Fact]
    public void A_certification_of_another_kind_does_not_meet_a_required_competence()
    {
        var prescription = Prescription(competence: CertificationKind.AktivInstruktor);
        var aktiv = Certified with { Kind = CertificationKind.AktivInstruktor };

        Only(prescription, Session(Start)).Reasons.ShouldBe([RefusalReason.TrainerNotCertified]);
        Only(prescription, Session(Start, certifications: aktiv)).IsPriced.ShouldBeTrue();
    }

    [Fact]
    public void A_session_at_another_provider_is_refused()
    {
        Only(Prescription(), Session(Start, provider: OtherProvider)).Reasons.ShouldBe([RefusalReason.WrongProvider]);
    }

    [Fact]
    public void A_session_already_on_a_claim_is_refused()
    {
        var session = Session(Start);

        Only(Prescription(), session, new ClaimedSession(session.SessionId, Start, ServiceType.PtSession))
            .Reasons.ShouldContain(RefusalReason.AlreadyClaimed);
    }

    [Fact]
    public void A_session_in_a_gap_between_tariffs_is_refused_for_want_of_a_tariff()
    {
        var until = PtTariff with { ValidTo = Start.AddDays(1) };
        var from = PtTariff with { Id = Guid.NewGuid(), ValidFrom = Start.AddDays(3), Price = 500m };
        var terms = Terms with { Tariffs = [until, from, GroupTariff] };

        var lines = ClaimValidator.Validate(
            Prescription(), [Session(Start.AddDays(1)), Session(Start.AddDays(2)), Session(Start.AddDays(3))], [], terms);

        lines.Select(l => l.Price.Tariff).ShouldBe([450m, 0m, 500m]);
        lines[1].Reasons.ShouldBe([RefusalReason.NoTariff]);
    }

    [Fact]
    public void The_latest_layered_tariff_wins()
    {
        var raised = PtTariff with { Id = Guid.NewGuid(), ValidFrom = Start, Price = 480m };
        var terms = Terms with { Tariffs = [raised, PtTariff] };

        ClaimValidator.Validate(Prescription(), [Session(Start)], [], terms).Single().Tariff.ShouldBe(raised);
    }

    [Fact]
    public void Every_factual_reason_that_applies_is_reported()
    {
        var prescription = Prescription(FundingSource.StateReimbursed, competence: CertificationKind.AktivInstruktor);
        var session = Session(Start.AddDays(-3), AttendanceKind.NoShow, provider: OtherProvider);

        Only(prescription, session, new ClaimedSession(session.SessionId, Start.AddDays(-3), ServiceType.PtSession))
            .Reasons.Order().ShouldBe(new[]
            {
                RefusalReason.NoActiveBenefit, RefusalReason.NotAttended, RefusalReason.OutsidePrescriptionPeriod,
                RefusalReason.TrainerNotCertified, RefusalReason.AlreadyClaimed, RefusalReason.WrongProvider,
            }.Order());
    }

    [Fact]
    public void A_participant_with_a_copay_exempt_benefit_pays_no_copay()
    {
        var prescription = Prescription(
            FundingSource.StateReimbursed, benefits: new BenefitPeriod(BenefitKind.DisabilityBenefit, Start, null));

        Only(prescription, Session(Start)).Price.ShouldBe(new LinePrice(450.00m, 315.00m, 0m, 135.00m));
    }

    [Fact]
    public void The_third_session_in_a_week_of_two_is_over_the_weekly_cap()
    {
        var lines = ClaimValidator.Validate(
            Prescription(), [Session(Start.AddDays(2)), Session(Start), Session(Start.AddDays(1))], [], Terms);

        lines.Select(l => l.Date).ShouldBe([Start, Start.AddDays(1), Start.AddDays(2)], "judged in the order they happened");
        lines.Select(l => l.IsPriced).ShouldBe([true, true, false]);
        lines[2].Reasons.ShouldBe([RefusalReason.WeeklyCapExceeded]);
    }

    [Fact]
    public void Sessions_on_earlier_claims_use_up_the_week()
    {
        var claimed = new ClaimedSession(Guid.NewGuid(), Start, ServiceType.GroupSession);

        var lines = ClaimValidator.Validate(Prescription(), [Session(Start.AddDays(1)), Session(Start.AddDays(2))], [claimed], Terms);

        lines.Select(l => l.IsPriced).ShouldBe([true, false]);
    }

    [Fact]
    public void Sessions_beyond_the_whole_dose_are_over_the_total_cap()
    {
        var prescription = Prescription(perWeek: 2, weeks: 1) with { End = End };

        var lines = ClaimValidator.Validate(prescription, [Session(Start), Session(Start.AddDays(1)), Session(Start.AddDays(7))], [], Terms);

        lines[2].Reasons.ShouldBe([RefusalReason.TotalCapExceeded]);
    }

    [Fact]
    public void A_second_session_the_same_day_is_a_duplicate_whatever_its_service()
    {
        var lines = ClaimValidator.Validate(
            Prescription(),
            [Session(Start, hour: 9), Session(Start, hour: 17), Session(Start, AttendanceKind.ClassAttendance, hour: 18), Session(Start.AddDays(1), AttendanceKind.ClassAttendance)],
            [],
            Terms);

        lines[0].IsPriced.ShouldBeTrue();
        lines[1].Reasons.ShouldBe([RefusalReason.DuplicateSession]);
        lines[2].Reasons.ShouldBe([RefusalReason.DuplicateSession]);
        lines[3].IsPriced.ShouldBeTrue();
    }

    [Fact]
    public void A_refused_session_does_not_use_up_the_dose()
    {
        var lines = ClaimValidator.Validate(
            Prescription(perWeek: 1),
            [Session(Start, hour: 9, provider: OtherProvider), Session(Start, hour: 17)],
            [],
            Terms);

        lines.Select(l => l.IsPriced).ShouldBe([false, true]);
    }

    /// <summary>Sunday 8 March 2026 23:30 UTC is 00:30 on Monday 9 March in Oslo (CET), the first day of ISO week 11.</summary>
    [Fact]
    public void A_session_late_on_Sunday_in_UTC_counts_in_the_next_Oslo_week()
    {
        var sundayNightUtc = new DateTimeOffset(2026, 3, 8, 23, 30, 0, TimeSpan.Zero);
        var mondayMorning = new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero);
        var earlyInWeek10 = Session(new DateOnly(2026, 3, 3));

        OsloCalendar.IsoWeekOf(OsloCalendar.DateOf(sundayNightUtc)).ShouldBe((2026, 11));

        var lines = ClaimValidator.Validate(
            Prescription(perWeek: 1),
            [earlyInWeek10, At(sundayNightUtc, AttendanceKind.ClassAttendance), At(mondayMorning)],
            [],
            Terms);

        lines.Select(l => l.Date).ShouldBe([new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 9)]);
        lines.Select(l => l.IsPriced).ShouldBe([true, true, false]);
        lines[2].Reasons.ShouldBe([RefusalReason.DuplicateSession], "the Oslo Monday already has its one session");
    }
}
