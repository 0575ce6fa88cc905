using System.Globalization;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Programmes;
using AktivResept.Domain.Statistics;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Funding;

/// <summary>
/// One weekly series in one month. Sessions and places are about the timetable and always shown; the counts of people
/// (places booked, attended, waiting-list entries) follow the one small-cell rule (<see cref="SmallCells"/>): 1–4 is
/// null, and the fill rate is null whenever the booked count is.
/// </summary>
public sealed record ProgrammeReportRow(
    string Month,
    Guid ProgrammeId,
    string Programme,
    Guid SeriesId,
    string Series,
    ProgrammeActivity Activity,
    int SessionsHeld,
    int SessionsCancelled,
    int PlacesOffered,
    int? Booked,
    int? Attended,
    double? FillRatePercent,
    int? Waiting);

public sealed record ProgrammeReportView(string From, string To, IReadOnlyList<ProgrammeReportRow> Rows);

/// <summary>
/// The monthly report of «Aktiv på dagtid» (issue 13): per month and weekly series, sessions held (not cancelled) and
/// cancelled, places offered on the sessions held, places booked, attended, the fill rate (booked ÷ offered) and how
/// many joined the waiting list. A municipality coordinator sees every programme for their municipality, a gym admin
/// the programmes their gym runs (<see cref="ProgrammeAccess.Managed"/>); a programme that is not theirs is 404. The
/// figures are aggregates, audited as one read.
/// </summary>
public sealed class ProgrammeReport(AktivDbContext db, ProgrammeAccess access, AuditLog audit, TimeProvider clock)
{
    public const int MaxMonths = 24;

    public async Task<Outcome<ProgrammeReportView>> HandleAsync(CurrentUser user, string? from, string? to, Guid? programmeId, CancellationToken ct)
    {
        const string resource = "Programme/report";
        if (!user.Is(Roles.Municipality) && !user.Is(Roles.ProviderAdmin))
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.Of(ApiErrorCodes.RoleNotAllowed);
        }

        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var errors = new ValidationErrors();
        var last = ParseMonth(to, "to", new DateOnly(today.Year, today.Month, 1), errors);
        var first = ParseMonth(from, "from", last, errors);
        if (!errors.Any && (first > last || first.AddMonths(MaxMonths) <= last))
        {
            errors.Add("from", ProgrammeErrorCodes.ReportPeriod.With(("max", MaxMonths)));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var caller = await access.CallerAsync(user, ct);
        var programmes = access.Managed(caller);
        if (programmeId is { } only)
        {
            programmes = programmes.Where(p => p.Id == only);
            if (!await programmes.AnyAsync(ct))
            {
                await audit.DeniedAsync(user, $"Programme/{only}/report", AuditAction.Read, ct);
                return Failure.NotFound();
            }
        }
        else if (!caller.IsStaff)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var (start, end) = (OsloCalendar.StartOf(first), OsloCalendar.StartOf(last.AddMonths(1)));
        var sessions = await (
                from s in db.ProgrammeSessions.AsNoTracking()
                join p in programmes on s.ProgrammeId equals p.Id
                join series in db.ProgrammeSeries on s.SeriesId equals series.Id
                where s.StartsAt >= start && s.StartsAt < end
                select new
                {
                    s.Date,
                    s.ProgrammeId,
                    Programme = p.Name,
                    s.SeriesId,
                    Series = series.Title,
                    s.Activity,
                    Cancelled = s.CancelledAt != null,
                    s.Capacity,
                    s.Booked,
                    Queued = s.NextQueueNumber - 1,
                    Attended = db.ProgrammeBookings.Count(b => b.SessionId == s.Id && b.Status == BookingStatus.Attended),
                })
            .ToListAsync(ct);

        var rows = sessions
            .GroupBy(s => (Month: new DateOnly(s.Date.Year, s.Date.Month, 1), s.SeriesId, s.Activity))
            .Select(g =>
            {
                var held = g.Where(s => !s.Cancelled).ToList();
                var any = g.First();
                var places = held.Sum(s => s.Capacity);
                var booked = Shown(held.Sum(s => s.Booked));
                return new ProgrammeReportRow(Month(g.Key.Month), any.ProgrammeId, any.Programme, g.Key.SeriesId, any.Series, any.Activity,
                    held.Count, g.Count() - held.Count, places, booked, Shown(held.Sum(s => s.Attended)),
                    booked is { } b && places > 0 ? Math.Round(100.0 * b / places, 1) : null, Shown((int)g.Sum(s => s.Queued)));
            })
            .OrderBy(r => r.Month, StringComparer.Ordinal).ThenBy(r => r.Programme, StringComparer.Ordinal).ThenBy(r => r.Series, StringComparer.Ordinal).ThenBy(r => r.Activity)
            .ToList();

        audit.Add(user, programmeId is { } id ? $"Programme/{id}/report" : resource, AuditAction.Read, AuditOutcome.Success, purpose: "aggregate");
        await audit.SaveAsync(ct);
        return new ProgrammeReportView(Month(first), Month(last), rows);
    }

    private static int? Shown(int count) => SmallCells.CanShow(count) ? count : null;

    private static DateOnly ParseMonth(string? value, string field, DateOnly fallback, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && OsloCalendar.IsPlausibleYear(month.Year))
        {
            return month;
        }

        errors.Add(field, ProgrammeErrorCodes.ReportPeriod.With(("max", MaxMonths)));
        return fallback;
    }

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
