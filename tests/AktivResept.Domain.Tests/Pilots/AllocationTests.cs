using AktivResept.Domain.Pilots;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Pilots;

public class AllocationTests
{
    private static readonly string[] Kommuner = ["0301", "4601", "5001", "1103", "3301", "1508", "1804"];

    [Fact]
    public void The_stream_is_splitmix64_so_anyone_can_reproduce_it()
    {
        // Published test vector of SplitMix64 for seed 0.
        var random = new AllocationRandom(0);

        random.Next().ShouldBe(0xE220A8397B1DCDAFUL);
        random.Next().ShouldBe(0x6E789E6AA1B965F4UL);
        random.Next().ShouldBe(0x06C45D188009454FUL);
    }

    [Property]
    public void A_stepped_wedge_gives_every_municipality_one_step_and_ignores_the_order_they_were_named_in(long seed, int stepMonths)
    {
        var step = 1 + Math.Abs(stepMonths % 12);
        var first = new DateOnly(2026, 9, 1);

        var drawn = Allocations.SteppedWedge(seed, Kommuner, first, step);
        var again = Allocations.SteppedWedge(seed, Kommuner.Reverse(), first, step);

        drawn.ShouldBe(again);
        drawn.Select(a => a.Kommunenummer).Order().ShouldBe(Kommuner.Order());
        drawn.Select(a => a.Step).ShouldBe(Enumerable.Range(1, Kommuner.Length));
        drawn.Select(a => a.Start).ShouldBe(Enumerable.Range(0, Kommuner.Length).Select(i => (DateOnly?)first.AddMonths(i * step)));
    }

    [Fact]
    public void Different_seeds_draw_different_stepped_wedge_orders()
    {
        var orders = Enumerable.Range(0, 20)
            .Select(seed => string.Join(",", Allocations.SteppedWedge(seed, Kommuner, new DateOnly(2026, 9, 1), 3).Select(a => a.Kommunenummer)))
            .Distinct().Count();

        orders.ShouldBeGreaterThan(15);
    }

    [Property]
    public void Municipality_arms_differ_in_size_by_at_most_one(long seed, PositiveInt armCount)
    {
        var arms = Enumerable.Range(0, 2 + (armCount.Get % (Allocations.MaxArms - 1))).Select(i => $"arm{i}").ToArray();

        var drawn = Allocations.ByMunicipality(seed, Kommuner, arms);

        drawn.Select(a => a.Kommunenummer).ShouldBe(Kommuner.Order(StringComparer.Ordinal));
        var sizes = arms.Select(arm => drawn.Count(a => a.Arm == arm)).ToArray();
        (sizes.Max() - sizes.Min()).ShouldBeLessThanOrEqualTo(1);
        drawn.ShouldBe(Allocations.ByMunicipality(seed, Kommuner.Reverse(), arms));
    }

    [Property]
    public void Every_full_block_of_participants_holds_each_arm_equally_often(long seed, PositiveInt blocks)
    {
        string[] arms = ["intervention", "control"];
        var count = 4 * (1 + (blocks.Get % 25));

        var list = Allocations.ByParticipant(seed, arms, 4, count);

        list.Count.ShouldBe(count);
        foreach (var block in list.Chunk(4))
        {
            block.Count(a => a == "intervention").ShouldBe(2);
        }
    }

    [Property]
    public void A_longer_participant_list_starts_with_the_shorter_one(long seed, PositiveInt shorter, PositiveInt extra)
    {
        string[] arms = ["A", "B", "C"];
        var n = shorter.Get % 200;

        var small = Allocations.ByParticipant(seed, arms, 6, n);
        var large = Allocations.ByParticipant(seed, arms, 6, n + (extra.Get % 50));

        large.Take(n).ShouldBe(small);
    }

    [Fact]
    public void Participant_lists_from_different_seeds_differ()
    {
        string[] arms = ["A", "B"];

        Allocations.ByParticipant(1, arms, 4, 40).ShouldNotBe(Allocations.ByParticipant(2, arms, 4, 40));
        Allocations.ByParticipant(1, arms, 4, 40).ShouldBe(Allocations.ByParticipant(1, arms, 4, 40));
    }

    [Theory]
    [InlineData(4, 2, true)]
    [InlineData(3, 2, false)]
    [InlineData(1, 2, false)]
    [InlineData(6, 3, true)]
    [InlineData(62, 2, false)]
    public void A_block_size_must_be_a_multiple_of_the_arms(int block, int arms, bool ok) =>
        Allocations.IsBlockSize(block, arms).ShouldBe(ok);
}
