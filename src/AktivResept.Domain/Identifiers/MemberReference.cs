using AktivResept.Domain.Errors;

namespace AktivResept.Domain.Identifiers;

/// <summary>
/// A gym's own name for one of its members, as its systems send it with check-ins. It must be the gym's member
/// number (or our <c>apt_</c> token), never a national id: a reference is stored and shown in clear, so a
/// fødselsnummer or D-number there would be a national id outside the encrypted store.
/// </summary>
public static class MemberReference
{
    // What people put between digit groups when they write an id by hand ("010190 12345", "010190-12345").
    private static readonly char[] Separators = [' ', '-', '.', '/', '\u00a0'];

    /// <summary>Null when <paramref name="value"/> may be used as a member reference; the refusal otherwise.</summary>
    public static Error? Check(string value) =>
        HoldsNationalId(value) ? ErrorCodes.MemberRefNationalId.With() : null;

    /// <summary>
    /// True when the value, read without separators, is a valid fødselsnummer or D-number (synthetic test numbers
    /// included: in a test system they stand for real ones), or when it contains one as a run of exactly 11 digits
    /// ("M-01019012345"). A longer digit run (a 14-digit card number) is not cut into windows, so a long member
    /// number is not refused because some 11 of its digits happen to check out.
    /// </summary>
    public static bool HoldsNationalId(string value)
    {
        var compact = string.Concat(value.Split(Separators, StringSplitOptions.RemoveEmptyEntries));
        if (IsNationalId(compact))
        {
            return true;
        }

        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var digit = i < value.Length && value[i] is >= '0' and <= '9';
            if (digit && start < 0)
            {
                start = i;
            }
            else if (!digit && start >= 0)
            {
                if (i - start == 11 && IsNationalId(value[start..i]))
                {
                    return true;
                }

                start = -1;
            }
        }

        return false;
    }

    private static bool IsNationalId(string text) =>
        text.Length == 11 && Fodselsnummer.TryParse(text, allowSynthetic: true, out _, out _);
}
