using AktivResept.Domain.Claims;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Claims;

public class ClaimLifecycleTests
{
    [Theory]
    [InlineData(ClaimStatus.Draft, ClaimStatus.Submitted)]
    [InlineData(ClaimStatus.Submitted, ClaimStatus.UnderReview)]
    [InlineData(ClaimStatus.UnderReview, ClaimStatus.Approved)]
    [InlineData(ClaimStatus.UnderReview, ClaimStatus.PartiallyApproved)]
    [InlineData(ClaimStatus.UnderReview, ClaimStatus.Rejected)]
    [InlineData(ClaimStatus.Approved, ClaimStatus.Paid)]
    [InlineData(ClaimStatus.PartiallyApproved, ClaimStatus.Paid)]
    public void A_claim_moves_forward_one_step_at_a_time(ClaimStatus from, ClaimStatus to)
    {
        ClaimLifecycle.CanMove(from, to).ShouldBeTrue();
    }

    [Theory]
    [InlineData(ClaimStatus.Draft, ClaimStatus.Paid)]
    [InlineData(ClaimStatus.Draft, ClaimStatus.Approved)]
    [InlineData(ClaimStatus.Submitted, ClaimStatus.Approved)]
    [InlineData(ClaimStatus.Submitted, ClaimStatus.Draft)]
    [InlineData(ClaimStatus.UnderReview, ClaimStatus.Paid)]
    [InlineData(ClaimStatus.Approved, ClaimStatus.Rejected)]
    [InlineData(ClaimStatus.Paid, ClaimStatus.Approved)]
    public void Skipping_or_going_back_is_refused(ClaimStatus from, ClaimStatus to)
    {
        ClaimLifecycle.CanMove(from, to).ShouldBeFalse();
    }

    [Fact]
    public void Rejected_and_paid_claims_are_final()
    {
        foreach (var to in Enum.GetValues<ClaimStatus>())
        {
            ClaimLifecycle.CanMove(ClaimStatus.Rejected, to).ShouldBeFalse();
            ClaimLifecycle.CanMove(ClaimStatus.Paid, to).ShouldBeFalse();
        }
    }

    [Fact]
    public void No_status_moves_to_itself()
    {
        Enum.GetValues<ClaimStatus>().ShouldAllBe(s => !ClaimLifecycle.CanMove(s, s));
    }

    [Fact]
    public void Only_priced_lines_are_open_for_a_decision()
    {
        Enum.GetValues<ClaimLineStatus>().Where(ClaimLifecycle.IsOpenForDecision).ShouldBe([ClaimLineStatus.Priced]);
    }

    [Fact]
    public void A_claim_is_undecided_while_a_priced_line_remains()
    {
        ClaimLifecycle.Outcome([ClaimLineStatus.Approved, ClaimLineStatus.Priced, ClaimLineStatus.Rejected]).ShouldBeNull();
    }

    [Fact]
    public void Refused_lines_do_not_stop_a_claim_being_fully_approved()
    {
        ClaimLifecycle.Outcome([ClaimLineStatus.Approved, ClaimLineStatus.Refused, ClaimLineStatus.Approved])
            .ShouldBe(ClaimStatus.Approved);
    }

    [Fact]
    public void Some_approved_and_some_rejected_is_a_partial_approval()
    {
        ClaimLifecycle.Outcome([ClaimLineStatus.Approved, ClaimLineStatus.Rejected]).ShouldBe(ClaimStatus.PartiallyApproved);
    }

    [Fact]
    public void A_claim_with_nothing_approved_is_rejected()
    {
        ClaimLifecycle.Outcome([ClaimLineStatus.Rejected, ClaimLineStatus.Refused]).ShouldBe(ClaimStatus.Rejected);
    }

    [Property(MaxTest = 500)]
    public void The_outcome_follows_the_line_decisions(ClaimLineStatus[] lines)
    {
        var payable = lines.Where(l => l != ClaimLineStatus.Refused).ToList();
        ClaimStatus? expected =
            payable.Contains(ClaimLineStatus.Priced) ? null
            : payable.All(l => l == ClaimLineStatus.Rejected) ? ClaimStatus.Rejected
            : payable.All(l => l == ClaimLineStatus.Approved) ? ClaimStatus.Approved
            : ClaimStatus.PartiallyApproved;

        ClaimLifecycle.Outcome(lines).ShouldBe(expected);
    }

    [Property(MaxTest = 200)]
    public Property The_outcome_is_always_a_status_the_review_can_move_to()
    {
        return Prop.ForAll(
            Gen.Elements(ClaimLineStatus.Approved, ClaimLineStatus.Rejected, ClaimLineStatus.Refused).ArrayOf().ToArbitrary(),
            lines => ClaimLifecycle.CanMove(ClaimStatus.UnderReview, ClaimLifecycle.Outcome(lines)!.Value));
    }
}
