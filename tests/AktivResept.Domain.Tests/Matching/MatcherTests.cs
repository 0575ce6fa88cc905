using AktivResept.Domain.Matching;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Tests.Matching;

public class MatcherTests
{
    [Fact]
    public void Locations_are_ranked_nearest_first_with_their_distance()
    {
        var far = AnOffer.At(12);
        var near = AnOffer.At(2);
        var middle = AnOffer.At(5);

        var ranked = Matcher.Rank(AnOffer.Request(), [far, near, middle]);

        ranked.Select(c => c.Offer).ShouldBe([near, middle, far]);
        ranked[0].DistanceKm.ShouldBe(2, tolerance: 0.01);
        ranked[2].DistanceKm.ShouldBe(12, tolerance: 0.01);
    }

    [Fact]
    public void Distances_are_rounded_to_ten_metres()
    {
        var ranked = Matcher.Rank(AnOffer.Request(), [AnOffer.At(3.14159)]);

        ranked.ShouldHaveSingleItem().DistanceKm.ShouldBe(Math.Round(ranked[0].DistanceKm, 2));
    }

    [Fact]
    public void At_equal_distance_more_free_capacity_comes_first_then_location_id()
    {
        var lowId = Guid.Parse("00000000-0000-0000-0000-000000000001");
        var highId = Guid.Parse("00000000-0000-0000-0000-000000000002");
        var roomy = AnOffer.At(4, capacity: 10, open: 2);
        var tightHighId = AnOffer.At(4, capacity: 10, open: 8, location: highId);
        var tightLowId = AnOffer.At(4, capacity: 10, open: 8, location: lowId);

        var ranked = Matcher.Rank(AnOffer.Request(), [tightHighId, tightLowId, roomy]);

        ranked.Select(c => c.Offer).ShouldBe([roomy, tightLowId, tightHighId]);
    }

    [Fact]
    public void Locations_without_the_required_competence_are_left_out()
    {
        var aktiv = AnOffer.At(8, competences: [CertificationKind.AktivInstruktor]);
        var personalTrainersOnly = AnOffer.At(1, competences: [CertificationKind.PersonalTrainer, CertificationKind.HealthCoach]);

        var ranked = Matcher.Rank(AnOffer.Request(CertificationKind.AktivInstruktor), [personalTrainersOnly, aktiv]);

        ranked.ShouldHaveSingleItem().Offer.ShouldBe(aktiv);
    }

    [Fact]
    public void Without_a_required_competence_any_location_with_a_qualified_trainer_matches()
    {
        var withTrainer = AnOffer.At(3, competences: [CertificationKind.GroupInstructor]);
        var withoutTrainer = AnOffer.At(1, competences: []);

        var ranked = Matcher.Rank(AnOffer.Request(), [withoutTrainer, withTrainer]);

        ranked.ShouldHaveSingleItem().Offer.ShouldBe(withTrainer);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(10, 12)]
    [InlineData(0, 0)]
    public void Locations_with_no_free_capacity_are_left_out(int capacity, int open)
    {
        var full = AnOffer.At(1, capacity: capacity, open: open);
        var room = AnOffer.At(9, capacity: 10, open: 9);

        full.FreeCapacity.ShouldBe(0);
        Matcher.Rank(AnOffer.Request(), [full, room]).ShouldHaveSingleItem().Offer.ShouldBe(room);
    }

    [Fact]
    public void Locations_missing_any_needed_accessibility_feature_are_left_out()
    {
        AccessibilityFeature[] needs = [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.AccessibleChangingRoom];
        var stepFreeOnly = AnOffer.At(1, features: [AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.Elevator]);
        var both = AnOffer.At(6, features: [AccessibilityFeature.AccessibleChangingRoom, AccessibilityFeature.StepFreeEntrance, AccessibilityFeature.InductionLoop]);

        var ranked = Matcher.Rank(AnOffer.Request(needs: needs), [stepFreeOnly, both]);

        ranked.ShouldHaveSingleItem().Offer.ShouldBe(both);
    }

    [Fact]
    public void Locations_beyond_the_maximum_distance_are_left_out()
    {
        var inside = AnOffer.At(9.9);
        var outside = AnOffer.At(10.2);

        Matcher.Rank(AnOffer.Request(maxKm: 10), [outside, inside]).ShouldHaveSingleItem().Offer.ShouldBe(inside);
        Matcher.Rank(AnOffer.Request(), [outside, inside]).Count.ShouldBe(2);
    }

    [Fact]
    public void No_offers_give_no_candidates()
    {
        Matcher.Rank(AnOffer.Request(CertificationKind.HealthCoach, [AccessibilityFeature.Elevator], 5), []).ShouldBeEmpty();
    }
}
