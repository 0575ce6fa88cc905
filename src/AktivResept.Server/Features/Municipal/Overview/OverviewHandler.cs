using System.Globalization;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Municipal;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Statistics;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Municipal.Overview;

/// <summary>
/// Builds the municipality overview from the prescriptions of its residents (every funding source: the overview is
/// about the people who live there) and the providers around it. Only a municipality (its coordinator, or a person
/// acting in a municipal position there) sees it, only for itself; the figures are aggregates, audited as one read.
/// </summary>
public sealed class OverviewHandler(AktivDbContext db, CallerRelationships relationships, AuditLog audit, TimeProvider clock)
{
    public const double NearbyKm = 100;

    private static readonly PrescriptionStatus[] Endings =
        [PrescriptionStatus.Completed, PrescriptionStatus.DroppedOut, PrescriptionStatus.Cancelled, PrescriptionStatus.Expired, PrescriptionStatus.Rejected];

    public async Task<Outcome<MunicipalityOverview>> HandleAsync(CurrentUser user, string? from, string? to, LocationSort sort, CancellationToken ct)
    {
        if (!user.Is(Roles.Municipality))
        {
            await audit.DeniedAsync(user, "Municipality/overview", AuditAction.Read, ct);
            return Failure.Of(ApiErrorCodes.RoleNotAllowed);
        }

        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var errors = new ValidationErrors();
        var last = ParseMonth(to, "to", new DateOnly(today.Year, today.Month, 1), errors);
        var first = ParseMonth(from, "from", last.AddMonths(-11), errors);
        if (!errors.Any && (first > last || first.AddMonths(MonthlyFlow.MaxMonths) <= last))
        {
            errors.Add("from", ApiErrorCodes.OverviewPeriod.With(("max", MonthlyFlow.MaxMonths)));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (await relationships.MunicipalityOfAsync(user, ct) is not { } payerId)
        {
            await audit.DeniedAsync(user, "Municipality/overview", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var payer = await db.Payers.AsNoTracking().FirstAsync(p => p.Id == payerId, ct);
        var kommune = payer.Kommunenummer ?? string.Empty;
        var municipality = await db.Municipalities.AsNoTracking().FirstOrDefaultAsync(m => m.Kommunenummer == kommune, ct);
        var contracted = (await ContractedProviders.Of(db, payerId, today).ToListAsync(ct)).ToHashSet();

        var residents = db.Prescriptions.AsNoTracking()
            .Where(p => p.Status != PrescriptionStatus.Draft && db.People.Any(person => person.Id == p.ParticipantId && person.Kommunenummer == kommune));
        var prescriptions = await residents
            .Select(p => new { p.Id, p.ParticipantId, p.IssuedAt, p.SentAt, p.ProviderId, p.EligibilityBenefit })
            .ToListAsync(ct);
        var changes = (await db.StatusChanges.AsNoTracking()
                .Where(c => residents.Any(p => p.Id == c.PrescriptionId) && (c.To == PrescriptionStatus.Active || c.To == PrescriptionStatus.Accepted || Endings.Contains(c.To)))
                .Select(c => new { c.PrescriptionId, c.To, c.At })
                .ToListAsync(ct))
            .ToLookup(c => c.PrescriptionId);

        var courses = prescriptions.Select(p =>
        {
            var history = changes[p.Id].OrderBy(c => c.At).ToList();
            var ended = history.FirstOrDefault(c => Endings.Contains(c.To));
            return new Course(p.IssuedAt, history.FirstOrDefault(c => c.To == PrescriptionStatus.Active)?.At, ended?.At,
                ended?.To switch
                {
                    null => null,
                    PrescriptionStatus.Completed => CourseEnding.Completed,
                    PrescriptionStatus.DroppedOut => CourseEnding.DroppedOut,
                    _ => CourseEnding.Other,
                });
        });
        var months = MonthlyFlow.Count(courses, first, last);

        var (periodStart, periodEnd) = (OsloCalendar.StartOf(first), OsloCalendar.StartOf(last.AddMonths(1)));
        var waits = prescriptions
            .Select(p => new { p.ProviderId, p.SentAt, Accepted = changes[p.Id].Where(c => c.To == PrescriptionStatus.Accepted).Select(c => (DateTimeOffset?)c.At).FirstOrDefault() })
            .Where(x => x.ProviderId is not null && x.SentAt is not null && x.Accepted is { } at && at >= periodStart && at < periodEnd)
            .GroupBy(x => x.ProviderId!.Value)
            .ToDictionary(g => g.Key, g => WaitingTime.Of([.. g.Select(x => x.Accepted!.Value - x.SentAt!.Value)]));

        var locations = await LocationsAsync(municipality, contracted, ct);
        var providers = locations.Where(l => l.Kommunenummer == kommune).Select(l => l.ProviderId)
            .Concat(contracted).Concat(waits.Keys).Distinct()
            .Select(id =>
            {
                var here = locations.Where(l => l.ProviderId == id && l.Kommunenummer == kommune).ToList();
                var wait = waits.GetValueOrDefault(id) ?? WaitingTime.Of([]);
                var name = here.Select(l => l.ProviderName).FirstOrDefault() ?? locations.Where(l => l.ProviderId == id).Select(l => l.ProviderName).FirstOrDefault();
                return new { id, name, here, wait };
            })
            .ToList();
        var missingNames = providers.Where(p => p.name is null).Select(p => p.id).ToList();
        var names = missingNames.Count == 0 ? [] : await db.Providers.AsNoTracking().Where(p => missingNames.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var loads = providers
            .Select(p => new ProviderLoad(p.id, p.name ?? names.GetValueOrDefault(p.id, "?"), contracted.Contains(p.id), p.wait.Accepted, p.wait.MedianDays,
                p.here.Sum(l => l.Capacity), p.here.Sum(l => l.Capacity - l.Free), p.here.Sum(l => l.Free)))
            .OrderBy(p => p.ProviderName, StringComparer.Ordinal)
            .ToList();

        var uptake = await UptakeAsync(kommune, last.Year, prescriptions.Select(p => (p.ParticipantId, p.IssuedAt, p.EligibilityBenefit)), ct);

        audit.Add(user, "Municipality/overview", AuditAction.Read, AuditOutcome.Success, purpose: "aggregate");
        await db.SaveChangesAsync(ct);
        return new MunicipalityOverview(kommune, municipality?.Name ?? payer.Name, Month(first), Month(last), months, loads, uptake, Sort(locations, sort));
    }

    public static IReadOnlyList<NearbyLocation> Sort(IReadOnlyList<NearbyLocation> locations, LocationSort sort) => sort switch
    {
        LocationSort.Name => [.. locations.OrderBy(l => l.ProviderName, StringComparer.Ordinal).ThenBy(l => l.LocationName, StringComparer.Ordinal)],
        LocationSort.Free => [.. locations.OrderByDescending(l => l.Free).ThenBy(l => l.DistanceKm)],
        LocationSort.Capacity => [.. locations.OrderByDescending(l => l.Capacity).ThenBy(l => l.DistanceKm)],
        _ => [.. locations.OrderBy(l => l.DistanceKm).ThenBy(l => l.LocationName, StringComparer.Ordinal)],
    };

    private async Task<IReadOnlyList<NearbyLocation>> LocationsAsync(People.Municipality? municipality, HashSet<Guid> contracted, CancellationToken ct)
    {
        if (municipality is null)
        {
            return [];
        }

        var centre = new GeoPoint(municipality.CentreLatitude, municipality.CentreLongitude);
        var all = await db.Locations.AsNoTracking()
            .Join(db.Providers, l => l.ProviderId, p => p.Id, (l, p) => new { l.Id, l.ProviderId, Provider = p.Name, l.Name, l.Address, l.Kommunenummer, l.Latitude, l.Longitude, l.Capacity })
            .ToListAsync(ct);
        var near = all.Select(l => new { l, Distance = centre.DistanceKmTo(new GeoPoint(l.Latitude, l.Longitude)) })
            .Where(x => x.Distance <= NearbyKm || x.l.Kommunenummer == municipality.Kommunenummer)
            .ToList();
        var ids = near.Select(x => x.l.Id).ToList();
        var open = Lifecycle.Open;
        var taken = await db.Prescriptions.AsNoTracking()
            .Where(p => p.LocationId != null && ids.Contains(p.LocationId.Value) && open.Contains(p.Status))
            .GroupBy(p => p.LocationId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return [.. near.Select(x => new NearbyLocation(x.l.ProviderId, x.l.Provider, x.l.Id, x.l.Name, x.l.Address, x.l.Kommunenummer,
            Math.Round(x.Distance, 1), contracted.Contains(x.l.ProviderId), x.l.Capacity, Math.Max(0, x.l.Capacity - taken.GetValueOrDefault(x.l.Id))))];
    }

    private async Task<UptakeTable> UptakeAsync(string kommune, int year, IEnumerable<(Guid Participant, DateTimeOffset? IssuedAt, BenefitKind? Benefit)> prescriptions, CancellationToken ct)
    {
        var (start, end) = (OsloCalendar.StartOf(new DateOnly(year, 1, 1)), OsloCalendar.StartOf(new DateOnly(year + 1, 1, 1)));
        var benefits = Enum.GetValues<BenefitKind>();
        var byBenefit = prescriptions
            .Where(p => p.Benefit is not null && p.IssuedAt is { } at && at >= start && at < end)
            .GroupBy(p => p.Benefit!.Value)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Participant).Distinct().Count());
        var counts = benefits.Select(b => byBenefit.GetValueOrDefault(b)).ToList();
        var shown = SmallCells.Suppress(counts);
        var total = counts.Sum();

        // The latest reference year not after the overview's year, per benefit.
        var population = (await db.BenefitPopulations.AsNoTracking().Where(p => p.Kommunenummer == kommune && p.Year <= year).ToListAsync(ct))
            .GroupBy(p => p.Benefit)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Year).First());
        var rows = benefits.Select((b, i) =>
        {
            var reference = population.GetValueOrDefault(b);
            double? rate = shown[i] is { } n && reference is { Residents: > 0 } r ? Math.Round(n * 1000.0 / r.Residents, 1, MidpointRounding.AwayFromZero) : null;
            return new UptakeRow(b, shown[i], reference?.Residents, reference?.Year, reference?.Source, rate);
        }).ToList();
        return new UptakeTable(year, rows, SmallCells.CanShow(total) ? total : null);
    }

    private static DateOnly ParseMonth(string? value, string field, DateOnly fallback, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        // Months at the ends of the calendar would overflow the period arithmetic: only plausible years are read.
        if (DateOnly.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && OsloCalendar.IsPlausibleYear(month.Year))
        {
            return month;
        }

        errors.Add(field, ApiErrorCodes.OverviewPeriod.With(("max", MonthlyFlow.MaxMonths)));
        return fallback;
    }

    public static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
