using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>
/// A series as an iCalendar file (RFC 5545, written by Ical.Net): one VEVENT per dated session, its UID the session's
/// id, at Oslo wall-clock time with the Europe/Oslo VTIMEZONE, so a calendar shows 10:00 on both sides of the
/// summer-time change. Holidays have no session and so no event; a cancelled date stays as a VEVENT with
/// STATUS:CANCELLED and the reason, so a subscribed calendar removes it rather than keeping a stale copy.
/// </summary>
public sealed class SeriesCalendar(AktivDbContext db)
{
    public const string TimeZone = "Europe/Oslo";

    public async Task<string?> IcsAsync(Guid seriesId, CancellationToken ct)
    {
        var series = await (from s in db.ProgrammeSeries.AsNoTracking()
                            join p in db.Programmes on s.ProgrammeId equals p.Id
                            where s.Id == seriesId
                            select new { Series = s, Programme = p.Name }).FirstOrDefaultAsync(ct);
        if (series is null)
        {
            return null;
        }

        var sessions = await (from s in db.ProgrammeSessions.AsNoTracking()
                              join l in db.Locations on s.LocationId equals l.Id
                              where s.SeriesId == seriesId
                              orderby s.StartsAt
                              select new { Session = s, Location = l.Name, l.Address }).ToListAsync(ct);

        var calendar = new Calendar { ProductId = "-//AktivResept//Aktiv på dagtid//NB" };
        calendar.AddProperty("X-WR-CALNAME", $"{series.Programme}: {series.Series.Title}");
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(TimeZone));
        foreach (var row in sessions)
        {
            var s = row.Session;
            var start = TimeZoneInfo.ConvertTime(s.StartsAt, Oslo.Zone).DateTime;
            var end = TimeZoneInfo.ConvertTime(s.EndsAt, Oslo.Zone).DateTime;
            var description = s.IsCancelled ? $"Avlyst: {s.CancellationReason}" : $"{series.Programme}. {s.Capacity} plasser.";
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{s.Id}@aktivresept",
                Summary = s.IsCancelled ? $"AVLYST: {series.Series.Title}" : series.Series.Title,
                Description = description,
                Location = $"{row.Location}, {s.Room}, {row.Address}",
                DtStart = new CalDateTime(start, TimeZone),
                DtEnd = new CalDateTime(end, TimeZone),
                Status = s.IsCancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                DtStamp = new CalDateTime(s.CancelledAt?.UtcDateTime ?? series.Series.CreatedAt.UtcDateTime, "UTC"),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar);
    }
}
