namespace AktivResept.Domain.Tests.HealthAccounts;

/// <summary>
/// The t distribution computed without the library under test, from the closed forms of its CDF (Abramowitz and
/// Stegun 26.7.3–4): even ν: F(t) = ½ + (x/2)·Σₖ cₖ(1 − x²)ᵏ, k = 0 … ν/2 − 1, x = t/√(ν + t²), c₀ = 1,
/// cₖ = cₖ₋₁(2k − 1)/(2k); odd ν: F(t) = ½ + (θ + sinθ cosθ·Σₖ dₖ cos²ᵏθ)/π, k = 0 … (ν − 3)/2, θ = atan(t/√ν),
/// d₀ = 1, dₖ = dₖ₋₁·2k/(2k + 1). The quantile is found by bisection; checked against printed tables.
/// </summary>
public static class IndependentT
{
    public static double Quantile975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);

        double low = 0, high = 50;
        for (var i = 0; i < 200; i++)
        {
            var mid = (low + high) / 2;
            if (Cdf(mid, degreesOfFreedom) < 0.975)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static double Cdf(double t, int nu)
    {
        if (nu % 2 == 1)
        {
            var theta = Math.Atan(t / Math.Sqrt(nu));
            var cos2 = Math.Cos(theta) * Math.Cos(theta);
            double d = 1, series = nu >= 3 ? 1 : 0;
            for (var k = 1; k <= (nu - 3) / 2; k++)
            {
                d *= cos2 * 2 * k / ((2 * k) + 1);
                series += d;
            }

            return 0.5 + ((theta + (Math.Sin(theta) * Math.Cos(theta) * series)) / Math.PI);
        }

        var x = t / Math.Sqrt(nu + (t * t));
        double term = 1, sum = 1;
        for (var k = 1; k < nu / 2; k++)
        {
            term *= (1 - (x * x)) * ((2 * k) - 1) / (2 * k);
            sum += term;
        }

        return 0.5 + (x / 2 * sum);
    }

    /// <summary>Mean and sample standard deviation by the two-pass textbook formula.</summary>
    public static (double Mean, double Sd) MeanSd(params double[] values)
    {
        var mean = values.Sum() / values.Length;
        var ss = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(ss / (values.Length - 1)));
    }
}
