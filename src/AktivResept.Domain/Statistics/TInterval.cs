using MathNet.Numerics.Distributions;

namespace AktivResept.Domain.Statistics;

/// <summary>A mean or difference of means with its two-sided confidence interval.</summary>
public readonly record struct IntervalEstimate(double Estimate, double Lower, double Upper);

/// <summary>
/// Student-t confidence intervals: for a mean (a paired difference is the mean of the differences) and, Welch's, for
/// the difference of two independent means without assuming equal variances.
/// </summary>
public static class TInterval
{
    public const double Level95 = 0.95;

    /// <summary>The t quantile of the two-sided interval at <paramref name="level"/> with <paramref name="degreesOfFreedom"/>.</summary>
    public static double Quantile(double degreesOfFreedom, double level = Level95) =>
        StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - ((1 - level) / 2));

    /// <summary>mean ± t(n − 1) · s / √n; null below two values.</summary>
    public static IntervalEstimate? ForMean(RunningMoments sample, double level = Level95)
    {
        if (sample.Count < 2)
        {
            return null;
        }

        var half = Quantile(sample.Count - 1, level) * sample.StandardDeviation / Math.Sqrt(sample.Count);
        return new IntervalEstimate(sample.Mean, sample.Mean - half, sample.Mean + half);
    }

    /// <summary>
    /// Mean of <paramref name="a"/> minus mean of <paramref name="b"/> ± t(ν) · √(s²a/na + s²b/nb), with the
    /// Welch–Satterthwaite ν; null unless both have two values (or when both have no spread).
    /// </summary>
    public static IntervalEstimate? WelchDifference(RunningMoments a, RunningMoments b, double level = Level95)
    {
        if (a.Count < 2 || b.Count < 2)
        {
            return null;
        }

        var va = a.Variance / a.Count;
        var vb = b.Variance / b.Count;
        var difference = a.Mean - b.Mean;
        var se = Math.Sqrt(va + vb);
        if (se == 0)
        {
            return new IntervalEstimate(difference, difference, difference);
        }

        var df = ((va + vb) * (va + vb)) / ((va * va / (a.Count - 1)) + (vb * vb / (b.Count - 1)));
        var half = Quantile(df, level) * se;
        return new IntervalEstimate(difference, difference - half, difference + half);
    }
}
