using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AktivResept.Domain.Kpis;

/// <summary>
/// A KPI's figure for one period: numerator, denominator, value (null when there is nothing to measure), the number of
/// participants behind it and their prescription ids (sorted). What numerator and denominator mean per metric is in
/// docs/kpis.md.
/// </summary>
public sealed record KpiMeasurement(decimal Numerator, decimal Denominator, decimal? Value, int Participants, IReadOnlyList<Guid> PrescriptionIds)
{
    /// <summary>
    /// A stable hash of everything measured (SHA-256, 32 hex characters). Equal measurements have equal fingerprints, so
    /// a re-evaluation only makes a new revision when the fingerprint changes.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var text = new StringBuilder();
            text.Append(Canonical(Numerator)).Append('|').Append(Canonical(Denominator)).Append('|')
                .Append(Value is { } v ? Canonical(v) : "null").Append('|')
                .Append(Participants.ToString(CultureInfo.InvariantCulture));
            foreach (var id in PrescriptionIds)
            {
                text.Append('|').Append(id.ToString("N"));
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
        }
    }

    /// <summary>Equal when all figures and the ids are (a record would compare the lists by reference).</summary>
    public bool Equals(KpiMeasurement? other) =>
        other is not null && Numerator == other.Numerator && Denominator == other.Denominator && Value == other.Value
        && Participants == other.Participants && PrescriptionIds.SequenceEqual(other.PrescriptionIds);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator, Value, Participants, PrescriptionIds.Count);

    /// <summary>1.50 and 1.5 are the same figure and must hash alike.</summary>
    private static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
