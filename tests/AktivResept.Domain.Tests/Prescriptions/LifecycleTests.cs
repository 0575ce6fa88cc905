using AktivResept.Domain.Prescriptions;

namespace AktivResept.Domain.Tests.Prescriptions;

public class LifecycleTests
{
    /// <summary>The graph as PRODUCT.md draws it, written out edge by edge.</summary>
    internal static readonly HashSet<(PrescriptionStatus From, PrescriptionStatus To)> Graph =
    [
        (PrescriptionStatus.Draft, PrescriptionStatus.Issued),
        (PrescriptionStatus.Draft, PrescriptionStatus.Cancelled),
        (PrescriptionStatus.Issued, PrescriptionStatus.Accepted),
        (PrescriptionStatus.Issued, PrescriptionStatus.Rejected),
        (PrescriptionStatus.Issued, PrescriptionStatus.Expired),
        (PrescriptionStatus.Issued, PrescriptionStatus.Cancelled),
        (PrescriptionStatus.Accepted, PrescriptionStatus.Active),
        (PrescriptionStatus.Accepted, PrescriptionStatus.Expired),
        (PrescriptionStatus.Accepted, PrescriptionStatus.Cancelled),
        (PrescriptionStatus.Accepted, PrescriptionStatus.DroppedOut),
        (PrescriptionStatus.Active, PrescriptionStatus.Completed),
        (PrescriptionStatus.Active, PrescriptionStatus.DroppedOut),
        (PrescriptionStatus.Active, PrescriptionStatus.Cancelled),
    ];

    private static readonly PrescriptionStatus[] Terminal =
    [
        PrescriptionStatus.Completed, PrescriptionStatus.Rejected, PrescriptionStatus.Expired,
        PrescriptionStatus.Cancelled, PrescriptionStatus.DroppedOut,
    ];

    public static TheoryData<PrescriptionStatus, PrescriptionStatus> AllPairs()
    {
        var data = new TheoryData<PrescriptionStatus, PrescriptionStatus>();
        foreach (var from in Enum.GetValues<PrescriptionStatus>())
        {
            foreach (var to in Enum.GetValues<PrescriptionStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_follows_the_product_graph(PrescriptionStatus from, PrescriptionStatus to)
    {
        Lifecycle.CanMove(from, to).ShouldBe(Graph.Contains((from, to)));
    }

    [Fact]
    public void The_table_covers_all_nine_statuses()
    {
        Enum.GetValues<PrescriptionStatus>().Length.ShouldBe(9);
        AllPairs().Count.ShouldBe(81);
    }

    [Fact]
    public void NextFrom_lists_exactly_the_outgoing_edges()
    {
        foreach (var from in Enum.GetValues<PrescriptionStatus>())
        {
            Lifecycle.NextFrom(from).ShouldBe(Graph.Where(e => e.From == from).Select(e => e.To), ignoreOrder: true);
        }
    }

    [Fact]
    public void Exactly_the_exits_and_completion_are_terminal()
    {
        Enum.GetValues<PrescriptionStatus>().Where(Lifecycle.IsTerminal).ShouldBe(Terminal, ignoreOrder: true);
    }

    [Fact]
    public void Nothing_moves_back_to_draft_and_nothing_stays_in_place()
    {
        foreach (var status in Enum.GetValues<PrescriptionStatus>())
        {
            Lifecycle.CanMove(status, PrescriptionStatus.Draft).ShouldBeFalse();
            Lifecycle.CanMove(status, status).ShouldBeFalse();
        }
    }

    [Fact]
    public void Issued_accepted_and_active_hold_the_single_state_reimbursed_place()
    {
        Enum.GetValues<PrescriptionStatus>().Where(Lifecycle.IsOpen)
            .ShouldBe([PrescriptionStatus.Issued, PrescriptionStatus.Accepted, PrescriptionStatus.Active], ignoreOrder: true);
    }

    [Fact]
    public void SourcesOf_lists_exactly_the_incoming_edges()
    {
        foreach (var to in Enum.GetValues<PrescriptionStatus>())
        {
            Lifecycle.SourcesOf(to).ShouldBe(Graph.Where(e => e.To == to).Select(e => e.From), ignoreOrder: true);
        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void A_person_may_take_every_edge_of_the_graph_and_nothing_else(PrescriptionStatus from, PrescriptionStatus to)
    {
        Lifecycle.IsAllowed(from, to, ActorKind.Person).ShouldBe(Graph.Contains((from, to)));
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void The_system_only_starts_expires_drops_out_and_completes_along_the_graph(PrescriptionStatus from, PrescriptionStatus to)
    {
        var systemTargets = new[] { PrescriptionStatus.Active, PrescriptionStatus.Expired, PrescriptionStatus.DroppedOut, PrescriptionStatus.Completed };
        Lifecycle.IsAllowed(from, to, ActorKind.System).ShouldBe(Graph.Contains((from, to)) && systemTargets.Contains(to));
    }

    [Fact]
    public void The_system_expires_issued_and_accepted_prescriptions_but_never_active_ones()
    {
        Lifecycle.SourcesOf(PrescriptionStatus.Expired, ActorKind.System)
            .ShouldBe([PrescriptionStatus.Issued, PrescriptionStatus.Accepted], ignoreOrder: true);
        Lifecycle.IsAllowed(PrescriptionStatus.Active, PrescriptionStatus.Expired, ActorKind.System).ShouldBeFalse();
    }

    [Fact]
    public void The_system_may_not_cancel_reject_issue_or_accept_from_anywhere()
    {
        foreach (var target in new[] { PrescriptionStatus.Cancelled, PrescriptionStatus.Rejected, PrescriptionStatus.Issued, PrescriptionStatus.Accepted, PrescriptionStatus.Draft })
        {
            Lifecycle.SourcesOf(target, ActorKind.System).ShouldBeEmpty();
        }
    }
}
