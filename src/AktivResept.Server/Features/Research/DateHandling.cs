using System.Globalization;
using System.Text;
using AktivResept.Domain.Calendar;

namespace AktivResept.Server.Features.Research;

/// <summary>How a project receives dates (issue 17): exact, shifted by a per-person offset, or coarsened.</summary>
public enum DateHandling
{
    Exact,

    /// <summary>Every date of one person moves by the same offset in [−N, N] days, derived from the project key.</summary>
    Shifted,

    /// <summary>ISO week, e.g. <c>2026-W48</c>.</summary>
    IsoWeek,

    /// <summary>Month, e.g. <c>2026-11</c>.</summary>
    Month,
}

/// <summary>
/// The project's date rule. A shift keeps the intervals of one person's dates (all move together) and cannot be undone
/// without the project key; a second project's key gives another offset, so the two files do not line up by date.
/// </summary>
public sealed record ResearchDates(DateHandling Handling, int ShiftDays, byte[] ProjectKey)
{
    public const int MaxShiftDays = 365;

    /// <summary>Whether a date column stays a date (exact, shifted) or becomes text (week, month).</summary>
    public bool KeepsDates => Handling is DateHandling.Exact or DateHandling.Shifted;

    /// <summary>The person's offset in [−ShiftDays, ShiftDays]: HMAC of the person under the project key, taken modulo the range.</summary>
    public int OffsetOf(Guid person)
    {
        using var mac = new ProjectMac(ProjectKey);
        return OffsetOf(person, mac);
    }

    /// <summary><see cref="OffsetOf(Guid)"/> with an HMAC instance under the project key reused over a whole export.</summary>
    public int OffsetOf(Guid person, ProjectMac projectMac)
    {
        ArgumentNullException.ThrowIfNull(projectMac);
        if (Handling != DateHandling.Shifted || ShiftDays == 0)
        {
            return 0;
        }

        Span<byte> mac = stackalloc byte[32];
        Span<byte> message = stackalloc byte[22];
        Encoding.ASCII.GetBytes("shift:", message);
        person.TryWriteBytes(message[6..]);
        projectMac.Compute(message, mac);
        var value = BitConverter.ToUInt64(mac[..8]);
        return (int)(value % (ulong)((2 * ShiftDays) + 1)) - ShiftDays;
    }

    public DateOnly Shift(DateOnly day, int offset) => day.AddDays(offset);

    /// <summary>The date as the project receives it, as text (CSV, and the Parquet column when coarsened).</summary>
    public string Text(DateOnly day, int offset) => Handling switch
    {
        DateHandling.IsoWeek => IsoWeek(day),
        DateHandling.Month => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Shift(day, offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static string IsoWeek(DateOnly day)
    {
        var (year, week) = OsloCalendar.IsoWeekOf(day);
        return string.Create(CultureInfo.InvariantCulture, $"{year:D4}-W{week:D2}");
    }
}
