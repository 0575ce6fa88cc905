using AktivResept.Domain.Audit;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Audit;

/// <summary>
/// The audit log's month (issue 22): the UTC month a row's instant falls in, when a month may be closed, and when it is
/// past retention — whole months only.
/// </summary>
public class AuditMonthTests
{
    [Property]
    public Property Every_instant_falls_inside_its_month(long ticks, short offsetMinutes)
    {
        var local = DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(Math.Abs(ticks % (TimeSpan.TicksPerDay * 365 * 200))), DateTimeKind.Unspecified);
        var at = new DateTimeOffset(local, TimeSpan.FromMinutes(offsetMinutes % 840));
        var month = AuditMonth.Of(at);

        return (AuditMonth.Start(month) <= at && at < AuditMonth.End(month) && month.Day == 1).Label($"{at:O} in {AuditMonth.Label(month)}");
    }

    [Fact]
    public void The_month_is_the_utc_month_not_the_oslo_one()
    {
        // 00:30 on 1 December in Oslo is still November in UTC.
        AuditMonth.Of(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.FromHours(1))).ShouldBe(new DateOnly(2026, 11, 1));
        AuditMonth.End(new DateOnly(2026, 12, 1)).ShouldBe(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        AuditMonth.Label(new DateOnly(2026, 3, 1)).ShouldBe("2026-03");
    }

    [Theory]
    [InlineData("2026-11", true)]
    [InlineData("2026-13", false)]
    [InlineData("2026-1", false)]
    [InlineData("november", false)]
    public void A_month_is_written_year_dash_month(string text, bool valid) =>
        AuditMonth.TryParse(text, out _).ShouldBe(valid);

    [Fact]
    public void A_month_closes_only_once_its_grace_is_over()
    {
        var november = new DateOnly(2026, 11, 1);
        var grace = TimeSpan.FromHours(1);

        AuditMonth.IsClosable(november, new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero), grace).ShouldBeFalse();
        AuditMonth.IsClosable(november, new DateTimeOffset(2026, 12, 1, 0, 59, 0, TimeSpan.Zero), grace).ShouldBeFalse();
        AuditMonth.IsClosable(november, new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero), grace).ShouldBeTrue();
    }

    [Fact]
    public void A_month_is_past_retention_only_when_all_of_it_is()
    {
        var now = new DateTimeOffset(2027, 12, 15, 0, 0, 0, TimeSpan.Zero);

        AuditMonth.IsPastRetention(new DateOnly(2026, 11, 1), now, 12).ShouldBeTrue();
        AuditMonth.IsPastRetention(new DateOnly(2026, 12, 1), now, 12).ShouldBeFalse();
    }

    [Fact]
    public void Each_month_has_its_own_genesis()
    {
        var november = AuditChain.GenesisOf(new DateOnly(2026, 11, 1));

        november.Length.ShouldBe(AuditChain.HashLength);
        november.ShouldNotBe(AuditChain.GenesisOf(new DateOnly(2026, 12, 1)));
        november.ShouldNotBe(AuditChain.Genesis);
    }

    [Fact]
    public void A_checkpoint_names_its_month_under_its_signature()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var checkpoint = AuditCheckpoint.Create(7, AuditChain.Genesis, DateTimeOffset.UnixEpoch, key, new DateOnly(2026, 11, 1));

        checkpoint.Month.ShouldBe("2026-11");
        checkpoint.IsSignedWith(key).ShouldBeTrue();
        (checkpoint with { Month = "2026-12" }).IsSignedWith(key).ShouldBeFalse();
        (checkpoint with { Month = null }).IsSignedWith(key).ShouldBeFalse();
    }
}
