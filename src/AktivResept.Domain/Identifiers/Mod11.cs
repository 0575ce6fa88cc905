namespace AktivResept.Domain.Identifiers;

/// <summary>The weighted modulus-11 control digit used by Norwegian national ids and organisation numbers.</summary>
internal static class Mod11
{
    /// <returns>The control digit, or -1 when the weighted sum gives remainder 1 (no valid digit exists).</returns>
    public static int ControlDigit(ReadOnlySpan<char> digits, ReadOnlySpan<int> weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        var control = 11 - (sum % 11);
        return control switch
        {
            11 => 0,
            10 => -1,
            _ => control,
        };
    }

    public static bool AllDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
