using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Prescriptions;

public class PrescriptionTests
{
    // On the period's first day (Monday 9 March), so a move to Active is in time.
    private static readonly DateTimeOffset Later = APrescription.Now.AddDays(7).AddHours(5);

    public static TheoryData<PrescriptionStatus, PrescriptionStatus> AllPairs() => LifecycleTests.AllPairs();

    public static TheoryData<PrescriptionStatus> AllStatuses() => new(Enum.GetValues<PrescriptionStatus>());

    [Fact]
    public void A_new_prescription_is_a_draft_with_one_history_entry_and_version_zero()
    {
        var p = APrescription.Draft();

        p.Status.ShouldBe(PrescriptionStatus.Draft);
        p.Version.ShouldBe(0);
        var created = p.History.ShouldHaveSingleItem();
        created.From.ShouldBeNull();
        created.To.ShouldBe(PrescriptionStatus.Draft);
        created.Actor.ShouldBe(APrescription.Referrer.Id);
        created.ActorRole.ShouldBe(APrescription.Referrer.Role);
        created.At.ShouldBe(APrescription.Now);
        created.PrescriptionId.ShouldBe(p.Id);
    }

    [Fact]
    public void The_period_ends_on_the_last_day_of_the_last_week()
    {
        var p = APrescription.Draft();

        p.EndDate.ShouldBe(new DateOnly(2026, 5, 31)); // Monday 9 March + 12 weeks − 1 day = Sunday 31 May
        p.EndDate.ShouldBe(APrescription.Details().EndDate);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void TransitionTo_succeeds_exactly_along_the_graph_and_a_refusal_changes_nothing(PrescriptionStatus from, PrescriptionStatus to)
    {
        var p = APrescription.In(from);
        var version = p.Version;
        var historyCount = p.History.Count;
        var trainer = p.TrainerId;

        var outcome = p.TransitionTo(to, APrescription.ProviderAdmin, Later, "Begrunnelse");

        var expected = LifecycleTests.Graph.Contains((from, to)) && to is not (PrescriptionStatus.Issued or PrescriptionStatus.Accepted);
        outcome.Succeeded.ShouldBe(expected);
        if (expected)
        {
            outcome.Error.ShouldBeNull();
            p.Status.ShouldBe(to);
            p.Version.ShouldBe(version + 1);
            p.History.Count.ShouldBe(historyCount + 1);
            var change = p.History[^1];
            change.From.ShouldBe(from);
            change.To.ShouldBe(to);
        }
        else
        {
            outcome.Error.ShouldNotBeNull();
            p.Status.ShouldBe(from);
            p.Version.ShouldBe(version);
            p.History.Count.ShouldBe(historyCount);
        }

        p.TrainerId.ShouldBe(trainer);
    }

    [Fact]
    public void A_refused_transition_names_both_statuses()
    {
        var p = APrescription.In(PrescriptionStatus.Completed);

        var outcome = p.TransitionTo(PrescriptionStatus.Active, APrescription.ProviderAdmin, Later, null);

        outcome.Error!.Code.ShouldBe("prescription.transition-not-allowed");
        outcome.Error.Args["from"].ShouldBe(PrescriptionStatus.Completed);
        outcome.Error.Args["to"].ShouldBe(PrescriptionStatus.Active);
        outcome.Error.Message.ShouldBe("A prescription that is Completed cannot become Active.");
    }

    [Theory]
    [InlineData(PrescriptionStatus.Issued, PrescriptionStatus.Rejected, null)]
    [InlineData(PrescriptionStatus.Issued, PrescriptionStatus.Rejected, "")]
    [InlineData(PrescriptionStatus.Issued, PrescriptionStatus.Rejected, "   ")]
    [InlineData(PrescriptionStatus.Draft, PrescriptionStatus.Cancelled, null)]
    [InlineData(PrescriptionStatus.Issued, PrescriptionStatus.Cancelled, "")]
    [InlineData(PrescriptionStatus.Accepted, PrescriptionStatus.Cancelled, " \t")]
    [InlineData(PrescriptionStatus.Active, PrescriptionStatus.Cancelled, null)]
    public void Rejecting_or_cancelling_without_a_reason_is_refused(PrescriptionStatus from, PrescriptionStatus to, string? reason)
    {
        var p = APrescription.In(from);
        var version = p.Version;
        var historyCount = p.History.Count;

        var outcome = p.TransitionTo(to, APrescription.ProviderAdmin, Later, reason);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("prescription.reason-required");
        outcome.Error.Kind.ShouldBe(ErrorKind.Required);
        outcome.Field.ShouldBe("reason");
        p.Status.ShouldBe(from);
        p.Version.ShouldBe(version);
        p.History.Count.ShouldBe(historyCount);
    }

    [Theory]
    [InlineData(PrescriptionStatus.Issued, PrescriptionStatus.Expired)]
    [InlineData(PrescriptionStatus.Accepted, PrescriptionStatus.Active)]
    [InlineData(PrescriptionStatus.Active, PrescriptionStatus.Completed)]
    [InlineData(PrescriptionStatus.Active, PrescriptionStatus.DroppedOut)]
    public void Other_moves_do_not_need_a_reason(PrescriptionStatus from, PrescriptionStatus to)
    {
        var p = APrescription.In(from);

        p.TransitionTo(to, Actor.System, Later, null).Succeeded.ShouldBeTrue();

        p.History[^1].Reason.ShouldBeNull();
    }

    [Fact]
    public void Moving_to_issued_must_go_through_Issue()
    {
        var p = APrescription.Draft();

        var outcome = p.TransitionTo(PrescriptionStatus.Issued, APrescription.Referrer, Later, null);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("prescription.transition-has-own-step");
        outcome.Error.Message.ShouldBe("Use Issue to move to Issued.");
        p.Status.ShouldBe(PrescriptionStatus.Draft);
        p.IssuedAt.ShouldBeNull();
    }

    [Fact]
    public void Moving_to_accepted_must_go_through_Accept()
    {
        var p = APrescription.In(PrescriptionStatus.Issued);
        p.SendTo(APrescription.Provider, APrescription.Location, Later).Succeeded.ShouldBeTrue();

        var outcome = p.TransitionTo(PrescriptionStatus.Accepted, APrescription.ProviderAdmin, Later, null);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("prescription.transition-has-own-step");
        outcome.Error.Args["step"].ShouldBe("Accept");
        p.Status.ShouldBe(PrescriptionStatus.Issued);
        p.TrainerId.ShouldBeNull();
    }

    [Fact]
    public void Every_change_is_recorded_with_actor_role_time_and_reason()
    {
        var p = APrescription.In(PrescriptionStatus.Issued);
        var rejectedAt = APrescription.Now.AddDays(2);

        p.TransitionTo(PrescriptionStatus.Rejected, APrescription.ProviderAdmin, rejectedAt, "Ingen ledig Aktiv-instruktør").Succeeded.ShouldBeTrue();

        var change = p.History[^1];
        change.PrescriptionId.ShouldBe(p.Id);
        change.From.ShouldBe(PrescriptionStatus.Issued);
        change.To.ShouldBe(PrescriptionStatus.Rejected);
        change.Actor.ShouldBe("provider:974760673:admin");
        change.ActorRole.ShouldBe("provider");
        change.At.ShouldBe(rejectedAt);
        change.Reason.ShouldBe("Ingen ledig Aktiv-instruktør");
        p.History.Select(h => h.Id).Distinct().Count().ShouldBe(p.History.Count);
    }

    [Fact]
    public void Version_counts_every_change_including_sending()
    {
        var p = APrescription.Draft();
        p.Issue(APrescription.Referrer, Later, null);
        p.Version.ShouldBe(1);
        p.SendTo(APrescription.Provider, APrescription.Location, Later);
        p.Version.ShouldBe(2);
        p.Accept(APrescription.Trainer, [APrescription.CertificationFor(p)], APrescription.ProviderAdmin, Later);
        p.Version.ShouldBe(3);
        p.TransitionTo(PrescriptionStatus.Active, Actor.System, Later, null);
        p.Version.ShouldBe(4);
        p.History.Select(h => h.To).ShouldBe(
            [PrescriptionStatus.Draft, PrescriptionStatus.Issued, PrescriptionStatus.Accepted, PrescriptionStatus.Active]);
    }

    [Fact]
    public void Issuing_a_self_paid_draft_needs_no_eligibility_and_stamps_the_time()
    {
        var p = APrescription.Draft(FundingSource.SelfPaid);

        var outcome = p.Issue(APrescription.Referrer, Later, null);

        outcome.Succeeded.ShouldBeTrue();
        p.Status.ShouldBe(PrescriptionStatus.Issued);
        p.IssuedAt.ShouldBe(Later);
        p.EligibilityBenefit.ShouldBeNull();
        p.EligibleUntil.ShouldBeNull();
        p.History[^1].Actor.ShouldBe(APrescription.Referrer.Id);
    }

    [Fact]
    public void Issuing_a_state_reimbursed_prescription_without_an_eligibility_check_is_refused()
    {
        var p = APrescription.Draft(FundingSource.StateReimbursed);

        var outcome = p.Issue(APrescription.Referrer, Later, null);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("eligibility.benefit-required");
        p.Status.ShouldBe(PrescriptionStatus.Draft);
        p.Version.ShouldBe(0);
        p.IssuedAt.ShouldBeNull();
    }

    [Fact]
    public void Issuing_a_state_reimbursed_prescription_for_someone_without_a_benefit_is_refused_with_the_reason()
    {
        var p = APrescription.Draft(FundingSource.StateReimbursed);

        var outcome = p.Issue(APrescription.Referrer, Later, EligibilityResult.NotEligible(ErrorCodes.NoActiveBenefit.With(("date", new DateOnly(2026, 3, 9)))));

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("eligibility.no-active-benefit");
        outcome.Error.Message.ShouldBe("Not eligible for state reimbursement: no active benefit on 2026-03-09.");
        p.Status.ShouldBe(PrescriptionStatus.Draft);
        p.History.Count.ShouldBe(1);
        p.EligibilityBenefit.ShouldBeNull();
    }

    [Fact]
    public void Issuing_a_state_reimbursed_prescription_records_the_benefit_and_how_long_it_covers()
    {
        var p = APrescription.Draft(FundingSource.StateReimbursed);

        p.Issue(APrescription.Referrer, Later, APrescription.Eligible).Succeeded.ShouldBeTrue();

        p.EligibilityBenefit.ShouldBe(BenefitKind.WorkAssessmentAllowance);
        p.EligibleUntil.ShouldBe(APrescription.Start.AddDays(30));
    }

    [Fact]
    public void Issuing_with_open_ended_cover_records_no_end()
    {
        var p = APrescription.Draft(FundingSource.StateReimbursed);

        p.Issue(APrescription.Referrer, Later, new EligibilityResult(true, BenefitKind.DisabilityBenefit, null, true, null)).Succeeded.ShouldBeTrue();

        p.EligibilityBenefit.ShouldBe(BenefitKind.DisabilityBenefit);
        p.EligibleUntil.ShouldBeNull();
    }

    [Fact]
    public void Eligibility_is_not_recorded_on_prescriptions_someone_else_pays_for()
    {
        var p = APrescription.Draft(FundingSource.EmployerPaid);

        p.Issue(APrescription.Referrer, Later, APrescription.Eligible).Succeeded.ShouldBeTrue();

        p.EligibilityBenefit.ShouldBeNull();
        p.EligibleUntil.ShouldBeNull();
    }

    [Fact]
    public void An_issued_prescription_cannot_be_issued_again()
    {
        var p = APrescription.In(PrescriptionStatus.Issued);
        var issuedAt = p.IssuedAt;

        p.Issue(APrescription.Referrer, Later.AddDays(1), null).Succeeded.ShouldBeFalse();

        p.IssuedAt.ShouldBe(issuedAt);
        p.Version.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void A_prescription_can_be_sent_to_a_provider_only_while_issued(PrescriptionStatus status)
    {
        var p = APrescription.In(status);
        var version = p.Version;
        var provider = p.ProviderId;
        var otherProvider = Guid.NewGuid();

        var outcome = p.SendTo(otherProvider, Guid.NewGuid(), Later);

        outcome.Succeeded.ShouldBe(status == PrescriptionStatus.Issued);
        p.Version.ShouldBe(outcome.Succeeded ? version + 1 : version);
        p.ProviderId.ShouldBe(outcome.Succeeded ? otherProvider : provider);
    }

    [Fact]
    public void Sending_records_provider_location_and_time_but_no_status_change()
    {
        var p = APrescription.In(PrescriptionStatus.Issued);
        var location = Guid.NewGuid();

        p.SendTo(APrescription.Provider, location, Later).Succeeded.ShouldBeTrue();

        p.ProviderId.ShouldBe(APrescription.Provider);
        p.LocationId.ShouldBe(location);
        p.SentAt.ShouldBe(Later);
        p.Status.ShouldBe(PrescriptionStatus.Issued);
        p.History.Count.ShouldBe(2);
    }

    [Fact]
    public void An_unanswered_prescription_can_be_rerouted_to_another_provider()
    {
        var p = APrescription.In(PrescriptionStatus.Issued);
        var second = Guid.NewGuid();
        p.SendTo(APrescription.Provider, APrescription.Location, Later);

        p.SendTo(second, Guid.NewGuid(), Later.AddDays(1)).Succeeded.ShouldBeTrue();

        p.ProviderId.ShouldBe(second);
        p.SentAt.ShouldBe(Later.AddDays(1));
    }

    [Fact]
    public void Accepting_before_the_prescription_is_sent_is_refused()
    {
        var p = APrescription.In(PrescriptionStatus.Issued);

        var outcome = p.Accept(APrescription.Trainer, [APrescription.CertificationFor(p)], APrescription.ProviderAdmin, Later);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("prescription.not-sent");
        p.Status.ShouldBe(PrescriptionStatus.Issued);
        p.TrainerId.ShouldBeNull();
    }

    [Fact]
    public void Accepting_with_a_certification_covering_the_whole_period_assigns_the_trainer()
    {
        var p = Sent();

        var outcome = p.Accept(APrescription.Trainer, [APrescription.CertificationFor(p)], APrescription.ProviderAdmin, Later);

        outcome.Succeeded.ShouldBeTrue();
        p.Status.ShouldBe(PrescriptionStatus.Accepted);
        p.TrainerId.ShouldBe(APrescription.Trainer);
        p.History[^1].ActorRole.ShouldBe("provider");
    }

    [Fact]
    public void Accepting_with_an_expired_certification_is_refused()
    {
        var p = Sent();
        var expiresDayBeforeEnd = new Certification(CertificationKind.PersonalTrainer, "NIH", p.StartDate.AddYears(-2), p.EndDate.AddDays(-1));

        var outcome = p.Accept(APrescription.Trainer, [expiresDayBeforeEnd], APrescription.ProviderAdmin, Later);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Error!.Code.ShouldBe("prescription.trainer-not-qualified");
        outcome.Error.Message.ShouldBe("The trainer has no trainer certification valid from 2026-03-09 to 2026-05-31.");
        p.Status.ShouldBe(PrescriptionStatus.Issued);
        p.Version.ShouldBe(2);
        p.TrainerId.ShouldBeNull();
    }

    [Fact]
    public void Accepting_with_a_certification_that_starts_after_the_first_day_is_refused()
    {
        var p = Sent();
        var startsLate = new Certification(CertificationKind.PersonalTrainer, "NIH", p.StartDate.AddDays(1), p.EndDate.AddYears(2));

        p.Accept(APrescription.Trainer, [startsLate], APrescription.ProviderAdmin, Later).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Accepting_without_any_certification_is_refused()
    {
        var p = Sent();

        p.Accept(APrescription.Trainer, [], APrescription.ProviderAdmin, Later).Succeeded.ShouldBeFalse();

        p.Status.ShouldBe(PrescriptionStatus.Issued);
    }

    [Fact]
    public void Accepting_needs_the_required_competence_not_just_any_certification()
    {
        var p = Sent(CertificationKind.AktivInstruktor);
        var personalTrainer = APrescription.CertificationFor(p, CertificationKind.PersonalTrainer);

        var refused = p.Accept(APrescription.Trainer, [personalTrainer], APrescription.ProviderAdmin, Later);

        refused.Succeeded.ShouldBeFalse();
        refused.Error!.Code.ShouldBe("prescription.trainer-lacks-certification");
        refused.Error.Args["certification"].ShouldBe(CertificationKind.AktivInstruktor);
        refused.Error.Message.ShouldBe("The trainer has no AktivInstruktor certification valid from 2026-03-09 to 2026-05-31.");

        var aktivInstruktor = APrescription.CertificationFor(p, CertificationKind.AktivInstruktor);
        p.Accept(APrescription.Trainer, [personalTrainer, aktivInstruktor], APrescription.ProviderAdmin, Later).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(CertificationKind.PersonalTrainer)]
    [InlineData(CertificationKind.HealthCoach)]
    [InlineData(CertificationKind.AktivInstruktor)]
    [InlineData(CertificationKind.GroupInstructor)]
    public void Without_a_required_competence_any_certification_covering_the_period_will_do(CertificationKind kind)
    {
        var p = Sent();

        p.Accept(APrescription.Trainer, [APrescription.CertificationFor(p, kind)], APrescription.ProviderAdmin, Later).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(PrescriptionStatus.Draft)]
    [InlineData(PrescriptionStatus.Accepted)]
    [InlineData(PrescriptionStatus.Active)]
    [InlineData(PrescriptionStatus.Rejected)]
    [InlineData(PrescriptionStatus.Cancelled)]
    public void Accepting_outside_issued_is_refused_even_with_a_good_certification(PrescriptionStatus status)
    {
        var p = APrescription.In(status);
        var version = p.Version;
        var trainer = p.TrainerId;

        p.Accept(Guid.NewGuid(), [APrescription.CertificationFor(p)], APrescription.ProviderAdmin, Later).Succeeded.ShouldBeFalse();

        p.Status.ShouldBe(status);
        p.Version.ShouldBe(version);
        p.TrainerId.ShouldBe(trainer);
    }

    [Fact]
    public void An_issued_prescription_is_overdue_once_the_acceptance_window_has_passed()
    {
        var p = APrescription.In(PrescriptionStatus.Issued);
        var window = TimeSpan.FromDays(14);

        p.IsOverdueForAcceptance(APrescription.Now + window - TimeSpan.FromSeconds(1), window).ShouldBeFalse();
        p.IsOverdueForAcceptance(APrescription.Now + window, window).ShouldBeTrue();
        APrescription.In(PrescriptionStatus.Accepted).IsOverdueForAcceptance(APrescription.Now + (window * 2), window).ShouldBeFalse();
        APrescription.Draft().IsOverdueForAcceptance(APrescription.Now + (window * 2), window).ShouldBeFalse();
    }

    private static Prescription Sent(CertificationKind? competence = null)
    {
        var p = APrescription.Draft(FundingSource.SelfPaid, competence);
        p.Issue(APrescription.Referrer, APrescription.Now, null).Succeeded.ShouldBeTrue();
        p.SendTo(APrescription.Provider, APrescription.Location, APrescription.Now).Succeeded.ShouldBeTrue();
        return p;
    }
}
