using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// The hand-over after a prescription (issue 13: «Dersom gode vaner brytes, er det utfordrende å finne tilbake til
/// disse»). When a prescription completes, the participant's municipality's «Aktiv på dagtid» programme is looked up:
/// already registered there, offered (eligible that day by <see cref="ProgrammeEligibility"/>, with benefits from the
/// benefit registry adapter and any programme referral), or not eligible. The answer goes into the completion summary
/// (<see cref="CompletedData.Programme"/>), the one event that reaches both the participant (their offer) and the
/// referrer (whether they joined), through the inbox, the e-mail/SMS nudge and dialogmelding alike — never with a
/// benefit or a health detail.
/// </summary>
public sealed class ProgrammeHandover(AktivDbContext db, IBenefitRegistry registry, AtRestCipher cipher)
{
    public async Task<ProgrammeHandoverData?> ForAsync(Guid personId, DateOnly day, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.Kommunenummer, p.BirthDate, p.NationalIdCipher }).FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return null;
        }

        // The municipality's own programme first, then a gym's; the oldest of a kind.
        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => p.Kommunenummer == person.Kommunenummer && p.EndedAt == null)
            .Select(p => new { p.Id, p.Name, p.Operator, p.CreatedAt })
            .ToListAsync(ct);
        var programme = programmes.OrderBy(p => p.Operator != ProgrammeOperator.Municipality).ThenBy(p => p.CreatedAt).FirstOrDefault();
        if (programme is null)
        {
            return null;
        }

        var localIds = programmes.Select(p => p.Id).ToArray();
        var registered = await db.ProgrammeRegistrations.AsNoTracking()
            .Where(r => r.PersonId == personId && localIds.Contains(r.ProgrammeId))
            .Select(r => r.ProgrammeId).FirstOrDefaultAsync(ct);
        if (registered != Guid.Empty)
        {
            var name = programmes.First(p => p.Id == registered).Name;
            return new ProgrammeHandoverData(registered, name, ProgrammeHandoverData.Registered);
        }

        var referral = await db.ProgrammeReferrals.AsNoTracking().AnyAsync(r =>
            r.PersonId == personId && r.Kommunenummer == person.Kommunenummer && r.WithdrawnAt == null && r.ValidFrom <= day && day <= r.ValidTo, ct);
        var benefits = person.NationalIdCipher.Length == 0
            ? []
            : await registry.PeriodsForAsync(Fodselsnummer.Parse(cipher.Decrypt(person.NationalIdCipher), allowSynthetic: true), ct);
        var eligibility = ProgrammeEligibility.Evaluate(person.BirthDate, day, benefits, referral);
        return new ProgrammeHandoverData(programme.Id, programme.Name, eligibility.Eligible ? ProgrammeHandoverData.Offered : ProgrammeHandoverData.NotEligible);
    }
}
