using AktivResept.Domain.Programmes;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Programmes;

public class NoShowRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void Three_no_shows_within_four_weeks_pause_booking_for_two_weeks_from_the_third()
    {
        var pause = NoShowRule.Default.PauseOn([new(2026, 11, 3), new(2026, 11, 10), new(2026, 11, 17)], Today);

        pause.ShouldBe(new NoShowPause(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 17), 3));
    }

    [Fact]
    public void The_pause_ends_after_its_last_day()
    {
        DateOnly[] noShows = [new(2026, 11, 3), new(2026, 11, 10), new(2026, 11, 17)];

        NoShowRule.Default.PauseOn(noShows, new DateOnly(2026, 11, 30)).ShouldNotBeNull();
        NoShowRule.Default.PauseOn(noShows, new DateOnly(2026, 12, 1)).ShouldBeNull();
    }

    [Fact]
    public void Two_no_shows_or_three_spread_over_more_than_four_weeks_do_not_pause()
    {
        NoShowRule.Default.PauseOn([new(2026, 11, 10), new(2026, 11, 17)], Today).ShouldBeNull();
        NoShowRule.Default.PauseOn([new(2026, 10, 20), new(2026, 11, 10), new(2026, 11, 17)], Today).ShouldBeNull();
    }

    [Fact]
    public void The_window_and_pause_are_configurable()
    {
        var strict = new NoShowRule(2, 7, 3);

        strict.PauseOn([new(2026, 11, 17), new(2026, 11, 23)], Today)!.Until.ShouldBe(new DateOnly(2026, 11, 25));
        strict.PauseOn([new(2026, 11, 10), new(2026, 11, 17)], Today).ShouldBeNull();
    }

    [Fact]
    public void No_shows_after_today_are_not_counted()
    {
        NoShowRule.Default.PauseOn([new(2026, 11, 17), new(2026, 11, 24), new(2026, 11, 25)], Today).ShouldBeNull();
    }
}

public class WeeklyBookingLimitTests
{
    [Fact]
    public void Only_bookings_in_the_same_ISO_week_count()
    {
        var limit = new WeeklyBookingLimit(3);
        DateOnly[] booked = [new(2026, 11, 30), new(2026, 12, 2), new(2026, 12, 6)];

        limit.Allows(booked, new DateOnly(2026, 12, 4)).ShouldBeFalse();
        limit.Allows(booked, new DateOnly(2026, 12, 7)).ShouldBeTrue();
        limit.Allows(booked[..2], new DateOnly(2026, 12, 4)).ShouldBeTrue();
    }

    [Fact]
    public void The_ISO_week_crosses_the_new_year()
    {
        var limit = new WeeklyBookingLimit(1);

        // 31 December 2026 is a Thursday in week 53 of 2026, as is Friday 1 January 2027.
        limit.Allows([new(2026, 12, 31)], new DateOnly(2027, 1, 1)).ShouldBeFalse();
        limit.Allows([new(2026, 12, 31)], new DateOnly(2027, 1, 4)).ShouldBeTrue();
    }
}

public class SessionPlacesTests
{
    [Fact]
    public void A_free_place_is_taken_before_anyone_queues()
    {
        var places = new SessionPlaces(Capacity: 1, Booked: 0, Waiting: 0, NextQueueNumber: 1);

        var first = places.Book(acceptWaitingList: true);
        var second = first.After.Book(acceptWaitingList: true);
        var declined = second.After.Book(acceptWaitingList: false);

        first.Decision.ShouldBe(PlaceDecision.Place);
        (second.Decision, second.QueueNumber).ShouldBe((PlaceDecision.Queue, 1L));
        declined.Decision.ShouldBe(PlaceDecision.Full);
        declined.After.ShouldBe(second.After);
    }

    /// <summary>
    /// Any sequence of bookings, cancellations and queue departures keeps the counters true to the people they count,
    /// never passes capacity, never leaves someone waiting beside a free place, and hands out queue numbers 1, 2, 3…
    /// that stay in order in the queue.
    /// </summary>
    [Property]
    public void Counters_capacity_and_queue_order_hold_for_any_sequence(byte capacity, byte[] operations)
    {
        var places = new SessionPlaces(1 + capacity % 8, 0, 0, 1);
        var holders = 0;
        var queue = new List<long>();
        var issued = new List<long>();
        foreach (var op in operations ?? [])
        {
            switch (op % 3)
            {
                case 0:
                    var (decision, number, after) = places.Book(acceptWaitingList: op % 2 == 0);
                    places = after;
                    if (decision == PlaceDecision.Place)
                    {
                        holders++;
                    }
                    else if (decision == PlaceDecision.Queue)
                    {
                        queue.Add(number!.Value);
                        issued.Add(number.Value);
                    }

                    break;
                case 1 when holders > 0:
                    places = places.ReleasePlace();
                    holders--;
                    if (places.ShouldPromote)
                    {
                        places = places.OfferToFirstInQueue();
                        queue.RemoveAt(0);
                        holders++;
                    }

                    break;
                case 2 when queue.Count > 0:
                    places = places.LeaveQueue();
                    queue.RemoveAt(op % queue.Count);
                    break;
            }

            places.Booked.ShouldBe(holders);
            places.Waiting.ShouldBe(queue.Count);
            places.Booked.ShouldBeLessThanOrEqualTo(places.Capacity);
            (places.Waiting > 0 && places.Free > 0).ShouldBeFalse();
            queue.ShouldBe(queue.Order().ToList());
        }

        issued.ShouldBe(Enumerable.Range(1, issued.Count).Select(n => (long)n));
    }
}
