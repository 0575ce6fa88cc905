using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Prescriptions.Matching;

public sealed record MatchCandidateView(
    Guid ProviderId,
    string ProviderName,
    Guid LocationId,
    string LocationName,
    string Address,
    string Kommunenummer,
    double DistanceKm,
    int FreeCapacity,
    IReadOnlyList<AccessibilityFeature> AccessibilityFeatures,
    string OpeningHours);

/// <summary>Ranks provider locations for a prescription the caller can see (PRODUCT.md, core loop step 3).</summary>
public sealed class MatchCandidatesHandler(AktivDbContext db, PrescriptionQueries queries, CallerRelationships relationships, AuditLog audit, IOptions<PrescriptionOptions> options, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<MatchCandidateView>>> HandleAsync(
        CurrentUser user, Guid id, IReadOnlyList<AccessibilityFeature> requested, double? maxDistanceKm, CancellationToken ct)
    {
        if (maxDistanceKm is <= 0 or > 1000)
        {
            return Failure.Invalid("maxDistanceKm", ErrorCodes.Between.With(("min", 0), ("max", 1000)));
        }

        var prescription = await queries.FindVisibleAsync(user, id, ct);
        if (prescription is null || !user.Is([.. Roles.Prescribers, Roles.Participant, Roles.Municipality]))
        {
            await audit.DeniedAsync(user, $"Prescription/{id}/candidates", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == prescription.ParticipantId, ct);
        var origin = person.AddressLatitude is { } lat && person.AddressLongitude is { } lon
            ? new GeoPoint(lat, lon)
            : await db.Municipalities.AsNoTracking().Where(m => m.Kommunenummer == person.Kommunenummer)
                .Select(m => new GeoPoint(m.CentreLatitude, m.CentreLongitude)).FirstAsync(ct);

        var radius = maxDistanceKm ?? options.Value.DefaultMatchRadiusKm;
        var offers = await OffersNearAsync(origin, radius, prescription, ct);
        // A municipality's coordinator sends what the municipality pays for only to the gyms it has contracts with.
        if (user.Role == Roles.Municipality && prescription.Funding == FundingSource.Municipality)
        {
            var municipality = await relationships.MunicipalityOfAsync(user, ct);
            var contracted = await ContractedProviders.Of(db, municipality ?? Guid.Empty, OsloCalendar.DateOf(clock.GetUtcNow())).ToListAsync(ct);
            offers = [.. offers.Where(o => contracted.Contains(o.Offer.ProviderId))];
        }

        var needed = requested.Concat(person.AccessibilityNeeds).ToHashSet();
        var ranked = Matcher.Rank(new MatchRequest(origin, prescription.RequiredCompetence, needed, radius), offers.Select(o => o.Offer));

        audit.Add(user, $"Prescription/{id}/candidates", AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(ct);

        var byLocation = offers.ToDictionary(o => o.Offer.LocationId);
        return ranked.Select(c =>
        {
            var info = byLocation[c.Offer.LocationId];
            return new MatchCandidateView(c.Offer.ProviderId, info.ProviderName, c.Offer.LocationId, info.LocationName, info.Address,
                info.Kommunenummer, c.DistanceKm, c.Offer.FreeCapacity, [.. c.Offer.Features.Order()], info.OpeningHours);
        }).ToList();
    }

    private sealed record OfferInfo(LocationOffer Offer, string ProviderName, string LocationName, string Address, string Kommunenummer, string OpeningHours);

    /// <summary>Loads locations inside a bounding box around the origin, with capacity and trainer qualifications counted in SQL.</summary>
    private async Task<List<OfferInfo>> OffersNearAsync(GeoPoint origin, double radiusKm, Prescription prescription, CancellationToken ct)
    {
        var latDelta = radiusKm / 111.0;
        var lonDelta = radiusKm / (111.0 * Math.Max(0.1, Math.Cos(origin.Latitude * Math.PI / 180)));
        var locations = await db.Locations.AsNoTracking()
            .Where(l => l.Latitude >= origin.Latitude - latDelta && l.Latitude <= origin.Latitude + latDelta &&
                        l.Longitude >= origin.Longitude - lonDelta && l.Longitude <= origin.Longitude + lonDelta)
            .Join(db.Providers, l => l.ProviderId, p => p.Id, (l, p) => new { Location = l, Provider = p })
            .ToListAsync(ct);
        if (locations.Count == 0)
        {
            return [];
        }

        var locationIds = locations.Select(l => l.Location.Id).ToList();
        var open = Lifecycle.Open;
        var taken = await db.Prescriptions.AsNoTracking()
            .Where(p => p.LocationId != null && locationIds.Contains(p.LocationId.Value) && open.Contains(p.Status))
            .GroupBy(p => p.LocationId!.Value)
            .Select(g => new { LocationId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.LocationId, x => x.Count, ct);

        var orgs = locations.Select(l => l.Provider.OrganisationNumber).Distinct().ToList();
        var (start, end) = (prescription.StartDate, prescription.EndDate);
        var qualified = await db.TrainerRoles.AsNoTracking()
            .Where(r => orgs.Contains(r.OrganisationNumber))
            .Join(db.TrainerCertifications, r => r.TrainerId, c => c.TrainerId, (r, c) => new { r.OrganisationNumber, c.Kind, c.ValidFrom, c.ValidTo })
            .Where(x => x.ValidFrom <= start && x.ValidTo >= end)
            .Select(x => new { x.OrganisationNumber, x.Kind })
            .Distinct()
            .ToListAsync(ct);
        var competencesByOrg = qualified.GroupBy(q => q.OrganisationNumber)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<CertificationKind>)g.Select(x => x.Kind).ToHashSet());

        return locations.Select(x =>
        {
            var competences = competencesByOrg.GetValueOrDefault(x.Provider.OrganisationNumber) ?? new HashSet<CertificationKind>();
            var offer = new LocationOffer(x.Provider.Id, x.Location.Id, new GeoPoint(x.Location.Latitude, x.Location.Longitude),
                x.Location.AccessibilityFeatures.ToHashSet(), x.Location.Capacity, taken.GetValueOrDefault(x.Location.Id),
                competences, competences.Count > 0);
            return new OfferInfo(offer, x.Provider.Name, x.Location.Name, x.Location.Address, x.Location.Kommunenummer, x.Location.OpeningHours);
        }).ToList();
    }
}
