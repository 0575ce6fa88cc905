using AktivResept.Domain.Programmes;

namespace AktivResept.Domain.SectorStatistics;

/// <summary>The age bands the health account's funnel uses, as labels; age by <see cref="ProgrammeEligibility.AgeOn"/>.</summary>
public static class AgeBands
{
    public static readonly IReadOnlyList<string> All = ["under-18", "18-29", "30-44", "45-59", "60-67", "68-plus"];

    public static string Of(DateOnly birthDate, DateOnly day) => ProgrammeEligibility.AgeOn(birthDate, day) switch
    {
        < 18 => All[0],
        < 30 => All[1],
        < 45 => All[2],
        < 60 => All[3],
        < 68 => All[4],
        _ => All[5],
    };
}
