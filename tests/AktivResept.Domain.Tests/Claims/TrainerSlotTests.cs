using AktivResept.Domain.Claims;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Claims;

public class TrainerSlotTests
{
    private static readonly DateTimeOffset Nine = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Trainer = Guid.NewGuid();
    private static readonly Guid GymA = Guid.NewGuid();
    private static readonly Guid GymB = Guid.NewGuid();

    private static TrainerSlot Slot(Guid? location, DateTimeOffset start, int minutes, Guid? trainer = null) =>
        new(Guid.NewGuid(), trainer ?? Trainer, location, start, minutes);

    [Fact]
    public void Overlapping_sessions_at_different_locations_put_the_trainer_in_two_places()
    {
        var a = Slot(GymA, Nine, 60);
        var b = Slot(GymB, Nine.AddMinutes(30), 60);

        TrainerSlot.InTwoPlaces([b, a]).ShouldBe(new[] { a.SessionId, b.SessionId }, ignoreOrder: true);
    }

    [Fact]
    public void Overlapping_sessions_at_the_same_location_are_not_flagged()
    {
        TrainerSlot.InTwoPlaces([Slot(GymA, Nine, 60), Slot(GymA, Nine.AddMinutes(15), 60)]).ShouldBeEmpty();
    }

    [Fact]
    public void Back_to_back_sessions_at_different_locations_are_not_flagged()
    {
        TrainerSlot.InTwoPlaces([Slot(GymA, Nine, 60), Slot(GymB, Nine.AddMinutes(60), 60)]).ShouldBeEmpty();
    }

    [Fact]
    public void Different_trainers_at_the_same_time_are_not_flagged()
    {
        TrainerSlot.InTwoPlaces([Slot(GymA, Nine, 60), Slot(GymB, Nine, 60, Guid.NewGuid())]).ShouldBeEmpty();
    }

    [Fact]
    public void A_session_inside_a_long_one_elsewhere_is_flagged_even_after_a_non_overlapping_neighbour()
    {
        var long1 = Slot(GymA, Nine, 180);
        var early = Slot(GymA, Nine.AddMinutes(10), 20);
        var inside = Slot(GymB, Nine.AddMinutes(120), 30);

        TrainerSlot.InTwoPlaces([long1, early, inside]).ShouldBe(new[] { long1.SessionId, inside.SessionId }, ignoreOrder: true);
    }

    /// <summary>Against every pair: same trainer, different location, half-open intervals that intersect.</summary>
    [Property(MaxTest = 500)]
    public Property The_flagged_sessions_are_those_in_an_overlapping_pair_at_different_locations()
    {
        Guid[] trainers = [Guid.NewGuid(), Guid.NewGuid()];
        Guid?[] locations = [null, GymA, GymB];
        var slot =
            from trainer in Gen.Elements(trainers)
            from location in Gen.Elements(locations)
            from start in Gen.Choose(0, 600)
            from minutes in Gen.Choose(1, 120)
            select new TrainerSlot(Guid.NewGuid(), trainer, location, Nine.AddMinutes(start), minutes);

        return Prop.ForAll(slot.ArrayOf().ToArbitrary(), slots =>
        {
            var expected = slots.Where(a => slots.Any(b =>
                    b != a && b.TrainerId == a.TrainerId && b.LocationId != a.LocationId && a.Start < b.End && b.Start < a.End))
                .Select(a => a.SessionId);
            TrainerSlot.InTwoPlaces(slots).ShouldBe(expected, ignoreOrder: true);
        });
    }
}
