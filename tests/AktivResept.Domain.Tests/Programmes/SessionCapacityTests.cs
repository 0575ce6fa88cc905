using AktivResept.Domain.Programmes;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Programmes;

public class SessionCapacityTests
{
    [Fact]
    public void A_head_count_alone_is_the_capacity() => SessionCapacity.Of(12, null, 4m).ShouldBe(12);

    [Fact]
    public void Floor_area_divided_by_space_per_person_is_rounded_down() => SessionCapacity.Of(null, 50m, 4m).ShouldBe(12);

    [Fact]
    public void The_smaller_of_head_count_and_area_wins()
    {
        SessionCapacity.Of(20, 50m, 4m).ShouldBe(12);
        SessionCapacity.Of(8, 50m, 4m).ShouldBe(8);
    }

    [Fact]
    public void Without_a_head_count_or_a_usable_area_there_is_no_capacity()
    {
        SessionCapacity.Of(null, null, 4m).ShouldBeNull();
        SessionCapacity.Of(null, 50m, null).ShouldBeNull();
        SessionCapacity.Of(null, 0m, 4m).ShouldBeNull();
    }

    [Fact]
    public void A_walking_group_has_no_area_rule_and_spinning_needs_less_room_than_a_floor_class()
    {
        SessionCapacity.DefaultSquareMetresPerPerson(ProgrammeActivity.WalkingGroup).ShouldBeNull();
        SessionCapacity.DefaultSquareMetresPerPerson(ProgrammeActivity.Spinning)!.Value
            .ShouldBeLessThan(SessionCapacity.DefaultSquareMetresPerPerson(ProgrammeActivity.Strength)!.Value);
    }

    [Property]
    public void Capacity_never_exceeds_either_limit_given(ushort heads, ushort area, byte perPerson)
    {
        var squareMetresPerPerson = 1m + (perPerson % 10);
        var roomSquareMetres = 1m + area;
        var capacity = SessionCapacity.Of(heads, roomSquareMetres, squareMetresPerPerson);

        capacity.ShouldNotBeNull();
        capacity.Value.ShouldBeLessThanOrEqualTo(heads);
        ((decimal)capacity.Value * squareMetresPerPerson).ShouldBeLessThanOrEqualTo(roomSquareMetres);
    }
}
