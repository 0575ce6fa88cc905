using AktivResept.Domain.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Statistics;

public static class SampleGenerators
{
    /// <summary>Samples of 2–60 values in a realistic score range, with three decimals.</summary>
    public static Arbitrary<double[]> Samples() =>
        Gen.Choose(-500_000, 500_000).Select(v => v / 1000.0).ArrayOf().Where(a => a.Length >= 2).Resize(60).ToArbitrary();
}

[Properties(Arbitrary = [typeof(SampleGenerators)], MaxTest = 300)]
public class TIntervalProperties
{
    [Property]
    public void One_pass_moments_equal_the_two_pass_formula(double[] sample)
    {
        var moments = new RunningMoments();
        foreach (var value in sample)
        {
            moments.Add(value);
        }

        var mean = sample.Average();
        var variance = sample.Sum(v => (v - mean) * (v - mean)) / (sample.Length - 1);
        moments.Count.ShouldBe(sample.Length);
        moments.Mean.ShouldBe(mean, 1e-9 * (1 + Math.Abs(mean)));
        moments.Variance.ShouldBe(variance, 1e-9 * (1 + variance));
    }

    [Property]
    public void The_interval_is_centred_on_the_mean_and_wider_at_99_than_at_95_percent(double[] sample)
    {
        var moments = new RunningMoments();
        foreach (var value in sample)
        {
            moments.Add(value);
        }

        var at95 = TInterval.ForMean(moments)!.Value;
        var at99 = TInterval.ForMean(moments, 0.99)!.Value;
        at95.Estimate.ShouldBe(moments.Mean);
        (at95.Upper - at95.Estimate).ShouldBe(at95.Estimate - at95.Lower, 1e-9 * (1 + Math.Abs(at95.Upper - at95.Lower)));
        (at99.Upper - at99.Lower).ShouldBeGreaterThanOrEqualTo(at95.Upper - at95.Lower);
    }

    [Property]
    public void The_welch_difference_changes_sign_with_the_order_of_the_samples(double[] a, double[] b)
    {
        RunningMoments x = new(), y = new();
        foreach (var value in a)
        {
            x.Add(value);
        }

        foreach (var value in b)
        {
            y.Add(value);
        }

        var ab = TInterval.WelchDifference(x, y)!.Value;
        var ba = TInterval.WelchDifference(y, x)!.Value;
        ab.Estimate.ShouldBe(-ba.Estimate, 1e-9);
        ab.Lower.ShouldBe(-ba.Upper, 1e-6);
        ab.Upper.ShouldBe(-ba.Lower, 1e-6);
    }
}
