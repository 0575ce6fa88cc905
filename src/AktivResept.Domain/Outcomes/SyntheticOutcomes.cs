namespace AktivResept.Domain.Outcomes;

/// <summary>One generated reading: instrument, timepoint and parts.</summary>
public sealed record SyntheticReading(string Instrument, string Timepoint, IReadOnlyDictionary<string, decimal> Values);

/// <summary>
/// Demo outcome readings with known true effects, deterministic from a seed: each participant gets a baseline drawn
/// around typical values for inactive adults, and at the end of the period the baseline plus the true effect plus noise
/// whose mean is zero (6 months: 80 % of the effect kept). True effects: sit-to-stand +2.5 repetitions (noise −2…+2 in
/// steps that average 0, so +2.5 on average), 6-minute walk +40 m (noise −30…+30), EQ-5D-5L usual activities from level
/// 2 to 1 for everyone (+0.050 index under the demo placeholder value set, exactly), EQ VAS +8, exercise vital sign
/// +60 min/wk (+2 days at 30 minutes). docs/outcomes.md lists them; the health account can be checked against them.
/// </summary>
public static class SyntheticOutcomes
{
    public const decimal SitToStandEffect = 2.5m;
    public const decimal WalkEffect = 40m;
    public const decimal Eq5dEffectUnderPlaceholder = 0.050m;

    public static IReadOnlyList<SyntheticReading> For(int seed, bool baseline, bool end, bool sixMonths)
    {
        var random = new Random(seed);
        var sts = 8 + random.Next(0, 7);
        var walk = 360 + (random.Next(0, 15) * 10);
        var days = random.Next(0, 3);
        var pain = 2 + random.Next(0, 2);
        var vas = 50 + random.Next(0, 21);

        // Noise drawn symmetric around zero; the half repetition alternates so the mean effect is exactly 2.5.
        var stsNoise = random.Next(-2, 3) + (seed % 2 == 0 ? 0.5m : -0.5m);
        var walkNoise = random.Next(-3, 4) * 10;
        var readings = new List<SyntheticReading>();
        if (baseline)
        {
            readings.AddRange(Set("baseline", sts, walk, days, usual: 2, pain, vas));
        }

        if (end)
        {
            readings.AddRange(Set("end", Math.Round(sts + SitToStandEffect + stsNoise), walk + WalkEffect + walkNoise, days + 2, usual: 1, pain, vas + 8));
        }

        if (sixMonths)
        {
            readings.AddRange(Set("m6", Math.Round(sts + (SitToStandEffect * 0.8m) + stsNoise), walk + (WalkEffect * 0.8m) + walkNoise, days + 1, usual: 1, pain, vas + 6));
        }

        return readings;
    }

    private static IEnumerable<SyntheticReading> Set(string timepoint, decimal sts, decimal walk, int days, int usual, int pain, int vas)
    {
        yield return new(InstrumentCatalogue.SitToStand, timepoint, new Dictionary<string, decimal> { [InstrumentCatalogue.Value] = Math.Max(0, sts) });
        yield return new(InstrumentCatalogue.SixMinuteWalk, timepoint, new Dictionary<string, decimal> { [InstrumentCatalogue.Value] = walk });
        yield return new(InstrumentCatalogue.ExerciseVitalSign, timepoint, new Dictionary<string, decimal> { ["days-per-week"] = Math.Min(7, days), ["minutes-per-day"] = 30 });
        yield return new(InstrumentCatalogue.Eq5d5l, timepoint, new Dictionary<string, decimal>
        {
            ["mobility"] = 2,
            ["self-care"] = 1,
            ["usual-activities"] = usual,
            ["pain-discomfort"] = pain,
            ["anxiety-depression"] = 2,
            ["vas"] = Math.Min(100, vas),
        });
    }
}
