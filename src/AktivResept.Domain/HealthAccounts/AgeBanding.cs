namespace AktivResept.Domain.HealthAccounts;

/// <summary>The age bands the health account reports by and the research export hands out instead of a birth date.</summary>
public static class AgeBanding
{
    public static readonly IReadOnlyList<string> Labels = ["0-17", "18-29", "30-44", "45-59", "60-67", "68+"];

    public static int IndexOf(int age) => age switch
    {
        < 18 => 0,
        < 30 => 1,
        < 45 => 2,
        < 60 => 3,
        < 68 => 4,
        _ => 5,
    };

    public static string Of(int age) => Labels[IndexOf(age)];
}
