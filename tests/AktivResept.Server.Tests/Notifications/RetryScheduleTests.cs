using AktivResept.Server.Features.Notifications.Dispatch;
using FsCheck;
using FsCheck.Xunit;

namespace AktivResept.Server.Tests.Notifications;

public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Default = new(RetrySchedule.Parse("5s,30s,2m,10m,1h,6h,12h,24h"), 0.2);

    [Property]
    public bool Every_delay_is_within_the_jitter_bounds_of_its_step(PositiveInt attempt, uint draw)
    {
        var random = draw / ((double)uint.MaxValue + 1);
        var delay = Default.DelayAfter(attempt.Get, random);
        if (attempt.Get >= Default.MaxAttempts)
        {
            return delay is null;
        }

        var step = Default.Delays[attempt.Get - 1];
        return delay is { } d && d >= step * 0.8 && d <= step * 1.2;
    }

    [Property]
    public bool The_schedule_never_waits_less_after_a_later_failure_at_the_same_draw(PositiveInt attempt, uint draw)
    {
        var random = draw / ((double)uint.MaxValue + 1);
        var next = attempt.Get + 1;
        return next >= Default.MaxAttempts || Default.DelayAfter(next, random) >= Default.DelayAfter(attempt.Get, random);
    }

    [Fact]
    public void There_is_one_try_more_than_there_are_delays_and_none_after_the_last()
    {
        Default.MaxAttempts.ShouldBe(9);
        Default.DelayAfter(8, 0.5).ShouldBe(TimeSpan.FromHours(24));
        Default.DelayAfter(9, 0.5).ShouldBeNull();
        Default.DelayAfter(0, 0.5).ShouldBeNull();
    }

    [Fact]
    public void Jitter_reaches_both_ends_of_its_range()
    {
        Default.DelayAfter(1, 0).ShouldBe(TimeSpan.FromSeconds(4));
        Default.DelayAfter(1, 0.999999).ShouldNotBeNull().TotalSeconds.ShouldBe(6, tolerance: 0.001);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5x")]
    [InlineData("-5s")]
    public void A_bad_schedule_is_refused(string schedule) =>
        Should.Throw<Exception>(() => new RetrySchedule(RetrySchedule.Parse(schedule), 0.2));
}
