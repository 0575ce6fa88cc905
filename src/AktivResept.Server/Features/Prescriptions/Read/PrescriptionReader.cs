using System.Linq.Expressions;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Queries;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Read;

/// <summary>A prescription of a page as <see cref="PrescriptionReader.Rows"/> reads it, with what its view needs besides.</summary>
public sealed record PrescriptionRow(Prescription Prescription, string ParticipantName, ReferrerView Referrer, DateTimeOffset? SavedAt);

/// <summary>Builds the API view of a loaded prescription from the records it refers to.</summary>
public sealed class PrescriptionReader(AktivDbContext db)
{
    public async Task<PrescriptionView> ViewAsync(Prescription p, CancellationToken cancellationToken)
    {
        var participant = await db.People.AsNoTracking().Where(x => x.Id == p.ParticipantId)
            .Select(x => new PartyView(x.Id, x.GivenName + " " + x.FamilyName)).FirstAsync(cancellationToken);
        var referrer = await db.Referrers.AsNoTracking().Where(x => x.Id == p.ReferrerId)
            .Select(x => new ReferrerView(x.Id, x.Name, x.Hpr, x.OrganisationName)).FirstAsync(cancellationToken);
        var provider = p.ProviderId is { } providerId
            ? await db.Providers.AsNoTracking().Where(x => x.Id == providerId).Select(x => new PartyView(x.Id, x.Name)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var location = p.LocationId is { } locationId
            ? await db.Locations.AsNoTracking().Where(x => x.Id == locationId).Select(x => new PartyView(x.Id, x.Name)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var trainer = p.TrainerId is { } trainerId
            ? await db.Trainers.AsNoTracking().Where(x => x.Id == trainerId).Select(x => new PartyView(x.Id, x.Name)).FirstOrDefaultAsync(cancellationToken)
            : null;

        var replacedBy = p.Status == PrescriptionStatus.Rejected
            ? await db.Prescriptions.AsNoTracking().Where(x => x.ReplacesId == p.Id).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        return Compose(p, participant, referrer, provider, location, trainer) with { ReplacedBy = replacedBy };
    }

    /// <summary>The view of a prescription just created, from the records the caller already holds (no queries).</summary>
    public static PrescriptionView ViewOfNew(Prescription p, Person participant, ReferrerView referrer) =>
        Compose(p, new PartyView(participant.Id, participant.FullName), referrer, null, null, null);

    /// <summary>
    /// Loads a page (with its history) and views of it: the participant, referrer and saved version come with the page
    /// in the same query (<see cref="Rows"/>), the rarer provider, location and trainer in one query per table when the page has any.
    /// </summary>
    public async Task<IReadOnlyList<PrescriptionView>> LoadViewsAsync(IQueryable<Prescription> page, CancellationToken cancellationToken) =>
        await ViewsAsync(await Rows(db, page).ToListAsync(cancellationToken), cancellationToken);

    /// <summary>The views of a page's rows as <see cref="Rows"/> read them (a compiled query's too).</summary>
    public async Task<IReadOnlyList<PrescriptionView>> ViewsAsync(IReadOnlyList<PrescriptionRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var parties = await OptionalPartiesAsync(rows.Select(r => r.Prescription).ToList(), cancellationToken);
        return rows.Select(r => Compose(
            r.Prescription,
            new PartyView(r.Prescription.ParticipantId, r.ParticipantName),
            r.Referrer,
            r.Prescription.ProviderId is { } provider ? parties.Providers.GetValueOrDefault(provider) : null,
            r.Prescription.LocationId is { } location ? parties.Locations.GetValueOrDefault(location) : null,
            r.Prescription.TrainerId is { } trainer ? parties.Trainers.GetValueOrDefault(trainer) : null) with
        {
            Saved = new SavedVersion(r.Prescription.Version, r.SavedAt),
        }).ToList();
    }

    /// <summary>
    /// The page's rows, once for every query that reads a page: each prescription with its history, the participant's
    /// name and the referrer (joined), and when its current version was saved (the latest version row of that number,
    /// as PrescriptionVersionLookup), all in one statement. Queries use it through <see cref="Rows"/>, compiled ones
    /// through <see cref="QueryRules.Inline{T}"/>.
    /// </summary>
    private static readonly Expression<Func<AktivDbContext, IQueryable<Prescription>, IQueryable<PrescriptionRow>>> RowsRule = (db, page) =>
        from p in page.Include(p => p.History)
        join person in db.People on p.ParticipantId equals person.Id
        join referrer in db.Referrers on p.ReferrerId equals referrer.Id
        select new PrescriptionRow(
            p,
            person.GivenName + " " + person.FamilyName,
            new ReferrerView(referrer.Id, referrer.Name, referrer.Hpr, referrer.OrganisationName),
            db.PrescriptionVersions.Where(v => v.PrescriptionId == p.Id && v.Version == p.Version)
                .OrderByDescending(v => v.Id).Select(v => (DateTimeOffset?)v.RecordedAt).FirstOrDefault());

    private static readonly Func<AktivDbContext, IQueryable<Prescription>, IQueryable<PrescriptionRow>> RowsQuery = RowsRule.Compile();

    /// <summary>The rows of a page of prescriptions (<see cref="RowsRule"/>).</summary>
    [QueryRule(nameof(RowsRule))]
    public static IQueryable<PrescriptionRow> Rows(AktivDbContext db, IQueryable<Prescription> page) => RowsQuery(db, page);

    private sealed record OptionalParties(
        Dictionary<Guid, PartyView> Providers, Dictionary<Guid, PartyView> Locations, Dictionary<Guid, PartyView> Trainers);

    /// <summary>Provider, location and trainer names for a page: one query per table, and none when the page has none.</summary>
    private async Task<OptionalParties> OptionalPartiesAsync(IReadOnlyList<Prescription> page, CancellationToken cancellationToken)
    {
        var providerIds = page.Where(p => p.ProviderId is not null).Select(p => p.ProviderId!.Value).Distinct().ToList();
        var locationIds = page.Where(p => p.LocationId is not null).Select(p => p.LocationId!.Value).Distinct().ToList();
        var trainerIds = page.Where(p => p.TrainerId is not null).Select(p => p.TrainerId!.Value).Distinct().ToList();
        var providers = providerIds.Count == 0 ? [] : await db.Providers.AsNoTracking().Where(x => providerIds.Contains(x.Id))
            .Select(x => new PartyView(x.Id, x.Name)).ToDictionaryAsync(x => x.Id, cancellationToken);
        var locations = locationIds.Count == 0 ? [] : await db.Locations.AsNoTracking().Where(x => locationIds.Contains(x.Id))
            .Select(x => new PartyView(x.Id, x.Name)).ToDictionaryAsync(x => x.Id, cancellationToken);
        var trainers = trainerIds.Count == 0 ? [] : await db.Trainers.AsNoTracking().Where(x => trainerIds.Contains(x.Id))
            .Select(x => new PartyView(x.Id, x.Name)).ToDictionaryAsync(x => x.Id, cancellationToken);
        return new OptionalParties(providers, locations, trainers);
    }

    private static PrescriptionView Compose(Prescription p, PartyView participant, ReferrerView referrer, PartyView? provider, PartyView? location, PartyView? trainer)
    {
        var eligibility = p.IsStateReimbursed && p.Status != PrescriptionStatus.Draft
            ? new EligibilityView(p.EligibilityBenefit, p.EligibleUntil, p.EligibleUntil is null || p.EligibleUntil >= p.EndDate)
            : null;

        return new PrescriptionView(
            p.Id, p.Status, participant, referrer, p.ReasonCode, p.ReasonText, p.Goals, p.ActivityTypes,
            p.SessionsPerWeek, p.MinutesPerSession, p.StartDate, p.EndDate, p.DurationWeeks, p.Precautions,
            p.RequiredCompetence, p.ConfirmationIntervalWeeks, p.Funding, eligibility, provider, location, trainer,
            p.CreatedAt, p.IssuedAt,
            p.History.OrderBy(h => h.At).ThenBy(h => h.From is null ? -1 : (int)h.From).Select(h => new StatusChangeView(h.From, h.To, h.At, h.ActorRole, h.Reason)).ToList(),
            p.ReplacesId,
            DoseToBeSet: p.DoseToBeSet,
            Pauses: [.. p.Pauses.OrderBy(x => x.FirstDay).Select(x => new PauseView(x.Id, x.Reason, x.Note, x.FirstDay, x.LastDay, x.Days, x.CreatedAt, x.EndedEarlyAt))],
            MaxPauseWeeksTotal: p.MaxPauseWeeksTotal,
            PauseDaysLeft: p.PauseDaysLeft,
            PausedDays: p.PausedDays,
            FundingOrganisation: p.FundingOrganisation);
    }
}
