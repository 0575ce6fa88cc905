using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Access;

/// <summary>Who the caller is in our data: the referrer, person, provider or trainer their token identifies.</summary>
public sealed record CallerIdentity(Guid? ReferrerId, Guid? PersonId, Guid? ProviderId, Guid? TrainerId);

/// <summary>Resolves a token to the records it may act for, once per request.</summary>
public sealed class CallerRelationships(AktivDbContext db, NationalIdProtector protector)
{
    private CallerIdentity? _resolved;

    public async Task<CallerIdentity> ResolveAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        Guid? referrer = null, person = null, provider = null, trainer = null;
        switch (user.Role)
        {
            case Roles.Referrer or Roles.Ehr when user.Hpr is { } hpr:
                referrer = await db.Referrers.Where(r => r.Hpr == hpr.Value).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
                break;
            case Roles.Participant when user.NationalId is { } fnr:
                var hash = protector.LookupHash(fnr);
                person = await db.People.Where(p => p.NationalIdHash == hash).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
                break;
            case Roles.ProviderAdmin when user.Organisation is { } org:
                provider = await db.Providers.Where(p => p.OrganisationNumber == org.Value).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
                break;
            case Roles.Trainer when user.NationalId is { } fnr:
                var trainerHash = protector.LookupHash(fnr);
                trainer = await db.Trainers.Where(t => t.NationalIdHash == trainerHash).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
                break;
        }

        return _resolved = new CallerIdentity(referrer, person, provider, trainer);
    }
}
