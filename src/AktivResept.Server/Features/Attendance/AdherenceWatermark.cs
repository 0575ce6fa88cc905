namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// How far the adherence job has looked for new attendance (<see cref="Adherence.AttendanceWatermarkPass"/>): on
/// PostgreSQL the oldest transaction id that may still have been in flight when it last looked, on SQLite the last
/// row id it saw. One row per stream of rows it follows.
/// </summary>
public sealed class AdherenceWatermark
{
    public string Name { get; set; } = string.Empty;

    public long Position { get; set; }
}
