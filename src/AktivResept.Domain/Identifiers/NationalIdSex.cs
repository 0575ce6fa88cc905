using AktivResept.Domain.HealthAccounts;

namespace AktivResept.Domain.Identifiers;

/// <summary>
/// Sex as a national id (fødselsnummer or D-number) records it: the individual number's last digit, the id's 9th
/// digit, is odd for a man and even for a woman. Synthetic ids follow the same convention.
/// </summary>
public static class NationalIdSex
{
    public static PersonSex Of(Fodselsnummer id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Of(id.Value);
    }

    /// <summary>From the 11 digits as stored (already validated when the person was registered).</summary>
    public static PersonSex Of(string nationalId)
    {
        ArgumentNullException.ThrowIfNull(nationalId);
        if (nationalId.Length != 11 || !char.IsAsciiDigit(nationalId[8]))
        {
            throw new ArgumentException("A national id has 11 digits.", nameof(nationalId));
        }

        return (nationalId[8] - '0') % 2 == 1 ? PersonSex.Male : PersonSex.Female;
    }
}
