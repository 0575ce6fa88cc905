using AktivResept.Domain.Programmes;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Programmes;

public class SessionAttendanceTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(BookingStatus.Booked)]
    [InlineData(BookingStatus.Attended)]
    [InlineData(BookingStatus.NoShow)]
    public void A_confirmed_place_can_be_marked_on_the_sessions_day(BookingStatus current) =>
        SessionAttendance.CanMark(Day, cancelled: false, Day, current).ShouldBe(MarkingVerdict.Allowed);

    [Theory]
    [InlineData(BookingStatus.Waiting)]
    [InlineData(BookingStatus.Offered)]
    [InlineData(BookingStatus.Cancelled)]
    [InlineData(BookingStatus.LateCancelled)]
    [InlineData(BookingStatus.SessionCancelled)]
    public void Anyone_without_a_confirmed_place_cannot_be_marked(BookingStatus current) =>
        SessionAttendance.CanMark(Day, cancelled: false, Day, current).ShouldBe(MarkingVerdict.NotBooked);

    [Fact]
    public void The_day_before_the_day_after_and_a_cancelled_date_are_refused_in_that_order()
    {
        SessionAttendance.CanMark(Day, cancelled: false, Day.AddDays(-1), BookingStatus.Booked).ShouldBe(MarkingVerdict.TooEarly);
        SessionAttendance.CanMark(Day, cancelled: false, Day.AddDays(1), BookingStatus.Booked).ShouldBe(MarkingVerdict.DayOver);
        SessionAttendance.CanMark(Day, cancelled: true, Day, BookingStatus.Booked).ShouldBe(MarkingVerdict.SessionCancelled);
    }

    [Fact]
    public void Closing_marks_only_the_unmarked_as_not_come()
    {
        SessionAttendance.OnClose(BookingStatus.Booked).ShouldBe(BookingStatus.NoShow);
        SessionAttendance.OnClose(BookingStatus.Attended).ShouldBe(BookingStatus.Attended);
        SessionAttendance.OnClose(BookingStatus.Waiting).ShouldBe(BookingStatus.Waiting);
    }

    [Fact]
    public void A_check_in_counts_from_an_hour_before_the_start_to_the_end()
    {
        var end = Start.AddMinutes(60);
        SessionAttendance.CheckInCounts(Start.AddMinutes(-60), Start, end).ShouldBeTrue();
        SessionAttendance.CheckInCounts(end, Start, end).ShouldBeTrue();
        SessionAttendance.CheckInCounts(Start.AddMinutes(-61), Start, end).ShouldBeFalse();
        SessionAttendance.CheckInCounts(end.AddSeconds(1), Start, end).ShouldBeFalse();
    }

    [Fact]
    public void Two_sessions_attended_on_one_day_count_as_one_day_and_a_no_show_never_counts()
    {
        var tally = SessionAttendance.Tally([(Day, BookingStatus.Attended), (Day, BookingStatus.Attended), (Day.AddDays(7), BookingStatus.NoShow), (Day.AddDays(14), BookingStatus.Booked)]);

        tally.ShouldBe(new ProgrammeAttendanceTally(AttendedDays: 1, NoShows: 1));
    }

    [Property]
    public void Attended_days_are_never_more_than_the_days_or_the_attended_places(byte[] days, bool[] attended)
    {
        var bookings = days.Zip(attended, (d, a) => (Day.AddDays(d % 20), a ? BookingStatus.Attended : BookingStatus.NoShow)).ToList();

        var tally = SessionAttendance.Tally(bookings);

        tally.AttendedDays.ShouldBeLessThanOrEqualTo(bookings.Select(b => b.Item1).Distinct().Count());
        tally.AttendedDays.ShouldBeLessThanOrEqualTo(bookings.Count(b => b.Item2 == BookingStatus.Attended));
        tally.AttendedDays.ShouldBe(bookings.Where(b => b.Item2 == BookingStatus.Attended).Select(b => b.Item1).Distinct().Count());
        tally.NoShows.ShouldBe(bookings.Count(b => b.Item2 == BookingStatus.NoShow));
    }
}

public class SessionMessageTests
{
    [Theory]
    [InlineData("Vi møtes ute ved inngangen i dag.")]
    [InlineData("Spinning i sal 2, ta med vannflaske og håndkle.")]
    [InlineData("Husk sykkelsko om dere har.")]
    public void A_practical_note_is_accepted(string text) => SessionMessage.Check(text).ShouldBe(MessageVerdict.Accepted);

    [Theory]
    [InlineData("Ta med medisinene dine", "medisinene")]
    [InlineData("Hvordan går det med depresjonen?", "depresjonen")]
    [InlineData("Please mention any injury to the instructor", "injury")]
    [InlineData("Sykdom i gruppa, timen blir kortere", "Sykdom")]
    public void A_note_naming_a_health_matter_is_refused_and_the_word_named(string text, string word)
    {
        SessionMessage.Check(text).ShouldBe(MessageVerdict.HealthData);
        SessionMessage.HealthWordIn(text).ShouldBe(word);
    }

    [Theory]
    [InlineData("12837810092")]
    [InlineData("Gjelder 128378 10092.")]
    public void A_note_with_a_national_id_is_refused(string text) => SessionMessage.Check(text).ShouldBe(MessageVerdict.NationalId);

    [Fact]
    public void Empty_and_too_long_notes_are_refused()
    {
        SessionMessage.Check(null).ShouldBe(MessageVerdict.Empty);
        SessionMessage.Check("  ").ShouldBe(MessageVerdict.Empty);
        SessionMessage.Check(new string('a', SessionMessage.MaxLength)).ShouldBe(MessageVerdict.Accepted);
        SessionMessage.Check(new string('a', SessionMessage.MaxLength + 1)).ShouldBe(MessageVerdict.TooLong);
    }

    [Fact]
    public void The_system_adds_only_the_sessions_Oslo_date_and_time() =>
        SessionMessage.Compose(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.Zero), " Vi møtes ute. ").ShouldBe("AktivResept, timen 02.06. kl. 10.00: Vi møtes ute.");
}
