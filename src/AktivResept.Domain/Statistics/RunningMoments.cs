namespace AktivResept.Domain.Statistics;

/// <summary>
/// Count, mean and sum of squared deviations of a stream of values, kept in one pass (Welford's update), so the
/// health account never holds a list per cell.
/// </summary>
public struct RunningMoments
{
    private double m2;

    public int Count { get; private set; }

    public double Mean { get; private set; }

    /// <summary>The sample variance (n − 1 in the denominator); NaN below two values.</summary>
    public readonly double Variance => Count < 2 ? double.NaN : m2 / (Count - 1);

    public readonly double StandardDeviation => Math.Sqrt(Variance);

    public void Add(double value)
    {
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        m2 += delta * (value - Mean);
    }
}
