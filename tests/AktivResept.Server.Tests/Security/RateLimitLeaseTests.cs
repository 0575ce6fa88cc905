using AktivResept.Server.Common.RateLimits;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Permits handed out in blocks per node (<see cref="RateLimitLeases"/>) against one shared count, simulated here as the
/// database's upsert: however the requests fall on the nodes, no more than the limit go through, small limits stay
/// exact, and a node refuses early by no more than the unused part of its block.
/// </summary>
public sealed class RateLimitLeaseTests
{
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.WritesPerUser;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(19, 1)]
    [InlineData(39, 1)]
    [InlineData(40, 2)]
    [InlineData(120, 6)]
    [InlineData(1_000_000_000, 100)]
    public void A_block_is_a_twentieth_of_the_limit_between_one_and_a_hundred(int limit, int block) =>
        RateLimitLeases.BlockOf(limit).ShouldBe(block);

    [Property(MaxTest = 300)]
    public Property Nodes_together_never_let_more_than_the_limit_through_and_refuse_early_by_at_most_their_unused_blocks()
    {
        var cases =
            from limit in Gen.Choose(1, 400)
            from nodeCount in Gen.Choose(1, 4)
            from length in Gen.Choose(0, 900)
            from requests in Gen.Choose(0, nodeCount - 1).ArrayOf(length)
            select (limit, nodeCount, requests);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (granted, _) = Run(c.limit, c.nodeCount, c.requests);
            var block = RateLimitLeases.BlockOf(c.limit);
            var earliest = Math.Min(c.requests.Length, c.limit) - (c.nodeCount * (block - 1));
            return granted <= c.limit && granted >= earliest && (block > 1 || granted == Math.Min(c.requests.Length, c.limit));
        });
    }

    [Fact]
    public void A_node_asks_the_database_once_per_block_and_not_again_once_the_window_is_full()
    {
        var (granted, statements) = Run(limit: 200, nodeCount: 1, requests: new int[500]);

        granted.ShouldBe(200);
        statements.ShouldBe(20); // blocks of 10; the 300 refusals after the 20th block never reach the database
    }

    [Fact]
    public void A_new_window_or_a_changed_limit_starts_from_the_database_again()
    {
        var leases = new RateLimitLeases();
        var first = Hit(windowStart: 0, block: 5);
        leases.Record(first, limit: 100, block: 5, count: 5).ShouldBeTrue();
        leases.TryTake(first, 100).ShouldBe(LeaseAnswer.Granted);

        leases.TryTake(first with { WindowStart = 60, WindowEnd = 120 }, 100).ShouldBe(LeaseAnswer.AskDatabase);
        leases.TryTake(first, 50).ShouldBe(LeaseAnswer.AskDatabase);
    }

    [Fact]
    public void A_block_past_the_limit_gives_only_the_permits_under_it()
    {
        var leases = new RateLimitLeases();
        var hit = Hit(windowStart: 0, block: 5);

        // Another node took the count to 98: this block holds 99 and 100; 101–103 are not permits.
        leases.Record(hit, limit: 100, block: 5, count: 103).ShouldBeTrue();
        leases.TryTake(hit, 100).ShouldBe(LeaseAnswer.Granted);
        leases.TryTake(hit, 100).ShouldBe(LeaseAnswer.Refused);

        new RateLimitLeases().Record(hit, limit: 100, block: 5, count: 105).ShouldBeFalse();
    }

    /// <summary>Sends each request to its node; a node without a permit adds a block to the shared count, as the upsert does.</summary>
    private static (int Granted, int Statements) Run(int limit, int nodeCount, int[] requests)
    {
        var nodes = Enumerable.Range(0, nodeCount).Select(_ => new RateLimitLeases()).ToArray();
        var block = RateLimitLeases.BlockOf(limit);
        int count = 0, granted = 0, statements = 0;
        foreach (var node in requests)
        {
            var hit = Hit(windowStart: 0, block);
            switch (nodes[node].TryTake(hit, limit))
            {
                case LeaseAnswer.Granted:
                    granted++;
                    break;
                case LeaseAnswer.AskDatabase:
                    statements++;
                    count += block;
                    granted += nodes[node].Record(hit, limit, block, count) ? 1 : 0;
                    break;
            }
        }

        return (granted, statements);
    }

    private static CounterHit Hit(long windowStart, int block) => new(Policy, "partition", windowStart, windowStart + 60, block);
}
