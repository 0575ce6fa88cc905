using AktivResept.Domain.Matching;

namespace AktivResept.Domain.Tests.Matching;

public class GeoPointTests
{
    private static readonly GeoPoint Oslo = new(59.9139, 10.7522);
    private static readonly GeoPoint Bergen = new(60.3913, 5.3221);

    [Fact]
    public void Oslo_to_Bergen_is_about_305_km_as_the_crow_flies()
    {
        Oslo.DistanceKmTo(Bergen).ShouldBe(305, tolerance: 5);
    }

    [Fact]
    public void Distance_is_symmetric()
    {
        Oslo.DistanceKmTo(Bergen).ShouldBe(Bergen.DistanceKmTo(Oslo), tolerance: 1e-9);
    }

    [Fact]
    public void A_point_is_zero_km_from_itself()
    {
        Oslo.DistanceKmTo(Oslo).ShouldBe(0);
    }

    [Fact]
    public void One_degree_of_latitude_is_about_111_km()
    {
        new GeoPoint(60, 10).DistanceKmTo(new GeoPoint(61, 10)).ShouldBe(111.2, tolerance: 0.1);
    }

    [Fact]
    public void A_degree_of_longitude_shrinks_towards_the_north()
    {
        var atEquator = new GeoPoint(0, 10).DistanceKmTo(new GeoPoint(0, 11));
        var inTromso = new GeoPoint(69.65, 18.96).DistanceKmTo(new GeoPoint(69.65, 19.96));

        atEquator.ShouldBe(111.2, tolerance: 0.1);
        inTromso.ShouldBe(atEquator * Math.Cos(69.65 * Math.PI / 180), tolerance: 0.5);
    }

    [Fact]
    public void Antipodes_are_half_the_earth_apart()
    {
        new GeoPoint(0, 0).DistanceKmTo(new GeoPoint(0, 180)).ShouldBe(Math.PI * 6371.0088, tolerance: 0.01);
    }
}
