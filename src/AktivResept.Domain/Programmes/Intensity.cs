namespace AktivResept.Domain.Programmes;

/// <summary>How hard a session is, as the timetable tells a newcomer. Wire names: low, moderate, high.</summary>
public enum Intensity
{
    Low,
    Moderate,
    High,
}
