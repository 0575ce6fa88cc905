namespace AktivResept.Domain.Programmes;

/// <summary>
/// How many people a session takes: a head count, the room's floor area divided by the space one person needs for
/// the activity, or both — the smaller wins. A session must have at least one of them.
/// </summary>
public static class SessionCapacity
{
    /// <summary>The most places a session may have, whatever the room: a sanity cap on typing errors.</summary>
    public const int Maximum = 500;

    /// <summary>
    /// Square metres one person needs for an activity when the coordinator gives none. Sources: Norwegian fitness
    /// industry practice for group rooms (about 4 m² per person for floor classes, 3 m² on a spin bike, 6 m² in a
    /// pool lane); outdoor walking groups are not limited by area.
    /// </summary>
    public static decimal? DefaultSquareMetresPerPerson(ProgrammeActivity activity) => activity switch
    {
        ProgrammeActivity.Spinning => 3m,
        ProgrammeActivity.Aqua => 6m,
        ProgrammeActivity.WalkingGroup => null,
        _ => 4m,
    };

    /// <summary>
    /// The places a session has, or null when neither a head count nor a usable area is given. Area ÷ m² per person
    /// is rounded down (a part person is no place).
    /// </summary>
    public static int? Of(int? headCount, decimal? roomSquareMetres, decimal? squareMetresPerPerson)
    {
        int? byArea = roomSquareMetres is > 0 && squareMetresPerPerson is > 0
            ? (int)Math.Min(Maximum, decimal.Floor(roomSquareMetres.Value / squareMetresPerPerson.Value))
            : null;
        return (headCount, byArea) switch
        {
            ({ } heads, { } area) => Math.Min(heads, area),
            ({ } heads, null) => heads,
            (null, { } area) => area,
            _ => null,
        };
    }
}
