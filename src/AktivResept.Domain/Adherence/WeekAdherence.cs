namespace AktivResept.Domain.Adherence;

/// <summary>Attended against prescribed sessions in one ISO week (Europe/Oslo) of a prescription's period.</summary>
public sealed record WeekAdherence(int IsoYear, int IsoWeek, DateOnly Monday, int Prescribed, int Attended, int NoShows, int? Minutes)
{
    public string Label => $"{IsoYear}-W{IsoWeek:00}";
}
