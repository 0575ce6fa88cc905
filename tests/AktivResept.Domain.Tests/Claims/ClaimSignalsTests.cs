using AktivResept.Domain.Adherence;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using static AktivResept.Domain.Tests.Claims.AClaim;

namespace AktivResept.Domain.Tests.Claims;

public class ClaimSignalsTests
{
    private static IReadOnlyDictionary<Guid, IReadOnlyList<ClaimSignal>> Signals(
        ClaimPrescription prescription,
        SessionCandidate[] sessions,
        DateOnly[]? gymEventDays = null,
        Guid[]? trainerRegistered = null,
        Guid[]? inTwoPlaces = null,
        ClaimedSession[]? claimed = null,
        Guid[]? unverifiedTrainer = null)
    {
        var lines = ClaimValidator.Validate(prescription, sessions, claimed ?? [], Terms);
        return ClaimSignals.For(
            prescription,
            lines,
            (gymEventDays ?? []).ToHashSet(),
            (trainerRegistered ?? []).ToHashSet(),
            (inTwoPlaces ?? []).ToHashSet(),
            claimed ?? [],
            (unverifiedTrainer ?? []).ToHashSet());
    }

    [Fact]
    public void A_session_whose_trainer_has_only_unverified_certificates_is_signalled()
    {
        var session = Session(Start);
        var other = Session(Start.AddDays(1));

        var signals = Signals(Prescription(), [session, other], gymEventDays: [Start, Start.AddDays(1)], unverifiedTrainer: [session.SessionId]);

        signals[session.SessionId].ShouldBe([ClaimSignal.UnverifiedCertificationOnly]);
        signals.ContainsKey(other.SessionId).ShouldBeFalse();
    }

    [Fact]
    public void A_clean_line_has_no_signals()
    {
        Signals(Prescription(), [Session(Start)], gymEventDays: [Start]).ShouldBeEmpty();
    }

    [Fact]
    public void A_trainer_registered_session_on_a_day_without_a_gym_event_is_signalled()
    {
        var session = Session(Start);

        Signals(Prescription(), [session], trainerRegistered: [session.SessionId])[session.SessionId]
            .ShouldBe([ClaimSignal.NoGymEventThatDay]);
    }

    [Fact]
    public void A_trainer_registered_session_on_a_day_with_a_gym_event_is_not_signalled()
    {
        var session = Session(Start);

        Signals(Prescription(), [session], gymEventDays: [Start], trainerRegistered: [session.SessionId]).ShouldBeEmpty();
    }

    [Fact]
    public void A_gym_reported_session_needs_no_gym_event_that_day()
    {
        Signals(Prescription(), [Session(Start)]).ShouldBeEmpty();
    }

    [Fact]
    public void A_session_found_in_two_places_is_signalled()
    {
        var session = Session(Start);

        Signals(Prescription(), [session], inTwoPlaces: [session.SessionId])[session.SessionId]
            .ShouldBe([ClaimSignal.TrainerInTwoPlaces]);
    }

    [Fact]
    public void Every_attended_session_in_a_week_over_the_dose_is_signalled_even_the_refused_one()
    {
        var sessions = new[] { Session(Start), Session(Start.AddDays(1)), Session(Start.AddDays(2)) };

        var signals = Signals(Prescription(perWeek: 2), sessions);

        signals.Keys.ShouldBe(sessions.Select(s => s.SessionId), ignoreOrder: true);
        signals.Values.ShouldAllBe(s => s.SequenceEqual(new[] { ClaimSignal.MoreSessionsThanPrescribed }));
    }

    [Fact]
    public void Sessions_within_the_dose_and_no_shows_are_not_counted_as_too_many()
    {
        var sessions = new[] { Session(Start), Session(Start.AddDays(1)), Session(Start.AddDays(2), AttendanceKind.NoShow) };

        Signals(Prescription(perWeek: 2), sessions).ShouldBeEmpty();
    }

    [Fact]
    public void Sessions_on_earlier_claims_count_towards_the_week_once()
    {
        var claimedSession = Session(Start);
        var claimed = new ClaimedSession(claimedSession.SessionId, Start, ServiceType.PtSession);
        var other = new ClaimedSession(Guid.NewGuid(), Start.AddDays(1), ServiceType.GroupSession);

        Signals(Prescription(perWeek: 2), [claimedSession, Session(Start.AddDays(1))], claimed: [claimed]).ShouldBeEmpty();
        Signals(Prescription(perWeek: 2), [claimedSession, Session(Start.AddDays(2))], claimed: [claimed, other])
            .Count.ShouldBe(2);
    }

    /// <summary>The attendance record was moved to the next week after its session had been claimed.</summary>
    [Fact]
    public void A_claimed_session_whose_time_was_corrected_since_does_not_break_the_signals()
    {
        var moved = Session(Start.AddDays(7));
        var claimed = new ClaimedSession(moved.SessionId, Start, ServiceType.PtSession);

        Signals(Prescription(perWeek: 2), [moved], claimed: [claimed]).ShouldBeEmpty();
    }

    [Fact]
    public void A_state_funded_session_after_the_benefit_ended_is_signalled()
    {
        var prescription = Prescription(
            FundingSource.StateReimbursed, benefits: new BenefitPeriod(BenefitKind.SicknessBenefit, Start.AddYears(-1), Start));
        var session = Session(Start.AddDays(1));

        Signals(prescription, [session], gymEventDays: [Start.AddDays(1)])[session.SessionId].ShouldBe([ClaimSignal.AfterBenefitEnded]);
    }

    [Fact]
    public void A_session_covered_by_a_following_benefit_is_not_after_the_benefit_ended()
    {
        var prescription = Prescription(
            FundingSource.StateReimbursed,
            benefits:
            [
                new BenefitPeriod(BenefitKind.SicknessBenefit, Start.AddYears(-1), Start),
                new BenefitPeriod(BenefitKind.WorkAssessmentAllowance, Start.AddDays(1), null),
            ]);

        Signals(prescription, [Session(Start.AddDays(1))]).ShouldBeEmpty();
    }

    [Fact]
    public void A_session_before_any_benefit_began_is_not_after_a_benefit_ended()
    {
        var prescription = Prescription(
            FundingSource.StateReimbursed, benefits: new BenefitPeriod(BenefitKind.SicknessBenefit, Start.AddDays(7), null));

        Signals(prescription, [Session(Start)]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(FundingSource.Municipality)]
    [InlineData(FundingSource.EmployerPaid)]
    public void Contract_funded_sessions_are_never_after_a_benefit_ended(FundingSource funding)
    {
        var prescription = Prescription(funding, benefits: new BenefitPeriod(BenefitKind.SicknessBenefit, Start.AddYears(-1), Start));

        Signals(prescription, [Session(Start.AddDays(1))]).ShouldBeEmpty();
    }

    [Fact]
    public void A_line_can_carry_several_signals()
    {
        var session = Session(Start);

        Signals(Prescription(), [session], trainerRegistered: [session.SessionId], inTwoPlaces: [session.SessionId])[session.SessionId]
            .ShouldBe([ClaimSignal.NoGymEventThatDay, ClaimSignal.TrainerInTwoPlaces]);
    }
}
