using System.Globalization;
using System.Text.RegularExpressions;
using AktivResept.Domain.Adherence;

namespace AktivResept.Server.Fhir.Observations;

/// <summary>
/// Adherence Observations are derived, not stored, so their ids are built from what they describe: the prescription
/// and the ISO week (<c>{prescription}-w202649</c>, minutes <c>{prescription}-min-w202649</c>). Reading again gives
/// the same id, and the id alone leads back to the prescription whose access rules apply.
/// </summary>
public static partial class ObservationIds
{
    public static string Sessions(Guid prescriptionId, WeekAdherence week) =>
        string.Create(CultureInfo.InvariantCulture, $"{prescriptionId}-w{week.IsoYear:0000}{week.IsoWeek:00}");

    public static string Minutes(Guid prescriptionId, WeekAdherence week) =>
        string.Create(CultureInfo.InvariantCulture, $"{prescriptionId}-min-w{week.IsoYear:0000}{week.IsoWeek:00}");

    /// <summary>The prescription an Observation id belongs to, or null when it is not one of ours.</summary>
    public static Guid? PrescriptionOf(string id)
    {
        var match = Pattern().Match(id);
        return match.Success && Guid.TryParse(match.Groups["prescription"].Value, out var prescription) ? prescription : null;
    }

    [GeneratedRegex("^(?<prescription>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(min-)?w[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
