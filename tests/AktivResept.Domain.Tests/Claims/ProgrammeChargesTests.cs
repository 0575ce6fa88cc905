using AktivResept.Domain.Claims;
using AktivResept.Domain.Programmes;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Claims;

public class ProgrammeChargesTests
{
    private static readonly DateOnly Day = new(2026, 11, 3);

    private static PricingTerms Terms(decimal share = 0m) => new(
    [
        new Tariff(Guid.NewGuid(), ServiceType.GroupSession, 180m, 50m, new DateOnly(2026, 1, 1), null, []),
        new Tariff(Guid.NewGuid(), ServiceType.ProgrammeSession, 1200m, 0m, new DateOnly(2026, 1, 1), null, []),
    ], share);

    private static DeliveredSession Session(int attended, bool cancelled = false, DateOnly? date = null) =>
        new(Guid.NewGuid(), date ?? Day, new DateTimeOffset((date ?? Day).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), null, cancelled,
            [.. Enumerable.Range(0, attended).Select(_ => new AttendedPlace(Guid.NewGuid(), Guid.NewGuid()))]);

    [Fact]
    public void Per_head_bills_every_attended_place_at_the_group_session_tariff_without_a_copay()
    {
        var session = Session(attended: 3);

        var charges = ProgrammeCharges.For(ProgrammeFunding.PerAttendee, [session], Terms());

        charges.Count.ShouldBe(3);
        charges.ShouldAllBe(c => c.Service == ServiceType.GroupSession && c.Price == new LinePrice(180m, 180m, 0m, 0m) && c.IsPriced);
        charges.Select(c => c.ChargedId).ShouldBe(session.Attended.Select(a => a.BookingId), ignoreOrder: true);
        charges.Select(c => c.PersonId).ShouldBe(session.Attended.Select(a => (Guid?)a.PersonId), ignoreOrder: true);
    }

    [Fact]
    public void Per_session_bills_one_line_per_session_delivered_keyed_on_the_session()
    {
        var session = Session(attended: 7);

        var charges = ProgrammeCharges.For(ProgrammeFunding.PerSession, [session, Session(attended: 0)], Terms(share: 0.25m));

        var charge = charges.ShouldHaveSingleItem();
        charge.ChargedId.ShouldBe(session.SessionId);
        charge.BookingId.ShouldBeNull();
        charge.PersonId.ShouldBeNull();
        charge.Price.ShouldBe(new LinePrice(1200m, 900m, 0m, 300m));
    }

    [Fact]
    public void A_cancelled_date_bills_nothing_and_a_date_without_a_tariff_is_refused()
    {
        var terms = new PricingTerms([new Tariff(Guid.NewGuid(), ServiceType.GroupSession, 180m, 0m, new DateOnly(2026, 12, 1), null, [])], 0m);

        var charges = ProgrammeCharges.For(ProgrammeFunding.PerAttendee, [Session(attended: 2, cancelled: true), Session(attended: 1)], terms);

        var refused = charges.ShouldHaveSingleItem();
        refused.Reasons.ShouldBe([RefusalReason.NoTariff]);
        refused.Price.ShouldBe(LinePrice.Zero);
    }

    [Property(MaxTest = 300)]
    public bool Per_head_charges_each_booking_once_and_never_a_copay(byte[] attendance, bool perSession)
    {
        var sessions = attendance.Take(20).Select(a => Session(attended: a % 12, cancelled: a % 5 == 0)).ToList();
        var funding = perSession ? ProgrammeFunding.PerSession : ProgrammeFunding.PerAttendee;

        var charges = ProgrammeCharges.For(funding, sessions, Terms());

        var delivered = sessions.Where(s => !s.Cancelled && s.Attended.Count > 0).ToList();
        var expected = perSession ? delivered.Count : delivered.Sum(s => s.Attended.Count);
        return charges.Count == expected
            && charges.Select(c => c.ChargedId).Distinct().Count() == charges.Count
            && charges.All(c => c.Price.Copay == 0m && c.Price.PublicShare + c.Price.CoFinancing == c.Price.Tariff);
    }
}
