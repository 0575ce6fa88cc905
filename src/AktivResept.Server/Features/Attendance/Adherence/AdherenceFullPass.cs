namespace AktivResept.Server.Features.Attendance.Adherence;

/// <summary>
/// When this instance's worker last evaluated every open prescription: new attendance is read at every tick, every
/// open prescription once an hour (silence and period ends are day-granular, so that is plenty). One per instance.
/// </summary>
public sealed class AdherenceFullPass
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;

    public bool IsDue(DateTimeOffset now) => now - Last >= Every;
}
