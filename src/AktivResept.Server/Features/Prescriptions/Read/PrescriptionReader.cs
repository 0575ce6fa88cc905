using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Read;

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

        return Build(p, participant, referrer, provider, location, trainer);
    }

    /// <summary>The view of a prescription just created, from the records the caller already holds (no queries).</summary>
    public static PrescriptionView ViewOfNew(Prescription p, Person participant, Referrer referrer) =>
        Build(p, new PartyView(participant.Id, participant.FullName), new ReferrerView(referrer.Id, referrer.Name, referrer.Hpr, referrer.OrganisationName), null, null, null);

    private static PrescriptionView Build(Prescription p, PartyView participant, ReferrerView referrer, PartyView? provider, PartyView? location, PartyView? trainer)
    {
        var eligibility = p.IsStateReimbursed && p.Status != PrescriptionStatus.Draft
            ? new EligibilityView(p.EligibilityBenefit, p.EligibleUntil, p.EligibleUntil is null || p.EligibleUntil >= p.EndDate)
            : null;

        return new PrescriptionView(
            p.Id, p.Status, participant, referrer, p.ReasonCode, p.ReasonText, p.Goals, p.ActivityTypes,
            p.SessionsPerWeek, p.MinutesPerSession, p.StartDate, p.EndDate, p.DurationWeeks, p.Precautions,
            p.RequiredCompetence, p.ConfirmationIntervalWeeks, p.Funding, eligibility, provider, location, trainer,
            p.CreatedAt, p.IssuedAt,
            p.History.OrderBy(h => h.At).ThenBy(h => h.From is null ? -1 : (int)h.From).Select(h => new StatusChangeView(h.From, h.To, h.At, h.ActorRole, h.Reason)).ToList());
    }
}
