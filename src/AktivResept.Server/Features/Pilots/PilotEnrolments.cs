using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Pilots;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Consents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// Enrolment with recorded consent, consent withdrawal, the coordinator's list of their municipality's participants,
/// and progress against target per municipality and month. A coordinator of a pilot municipality enrols residents of
/// their municipality inside the window, with consent to the pilot's current text; otherwise 409 and nothing saved.
/// </summary>
public sealed class PilotEnrolments(
    AktivDbContext db, PilotAccess access, NationalIdLookupHash lookupHash, IOptions<TestIdentityOptions> identity, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<EnrolmentView>> EnrolAsync(CurrentUser user, Guid pilotId, EnrolRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var pilot = await access.Visible(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == pilotId, ct);
        if (pilot is null)
        {
            return Failure.NotFound();
        }

        if (PilotAccess.EnrolsFor(pilot, caller) is not { } municipality)
        {
            return Failure.Of(ApiErrorCodes.PilotEnrolCoordinatorOnly);
        }

        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        if (!Fodselsnummer.TryParse(request.NationalId, identity.Value.AllowTestIdentities, out var nationalId, out var idError))
        {
            errors.Add("nationalId", idError);
        }

        if (request.Consent?.GivenAt > now)
        {
            errors.Add("consent.givenAt", ErrorCodes.NotInFuture);
        }

        if (request.Consent?.TextVersion is { Length: > 40 })
        {
            errors.Add("consent.textVersion", ErrorCodes.MaxLength.With(("max", 40)));
        }

        var municipalityName = await db.Payers.Where(p => p.Id == municipality.PayerId).Select(p => p.Name).SingleAsync(ct);
        var person = nationalId is null ? null : await db.People.AsNoTracking().Where(p => p.NationalIdHash == lookupHash.Of(nationalId)).Select(p => new { p.Id, p.Kommunenummer }).FirstOrDefaultAsync(ct);
        if (nationalId is not null && person is null)
        {
            errors.Add("nationalId", ApiErrorCodes.PilotPersonUnknown);
        }
        else if (person is not null && person.Kommunenummer != municipality.Kommunenummer)
        {
            errors.Add("nationalId", ApiErrorCodes.PilotPersonNotResident.With(("municipality", municipalityName)));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var today = Oslo.Today(now);
        var refused = Refusal(pilot, request.Consent, today);
        if (refused is null && await db.PilotEnrolments.AsNoTracking().FirstOrDefaultAsync(e => e.PilotId == pilot.Id && e.PersonId == person!.Id, ct) is { } earlier)
        {
            refused = Failure.Of(ApiErrorCodes.PilotAlreadyEnrolled.With(("day", earlier.EnrolledOn)), "nationalId");
        }

        if (refused is not null)
        {
            await audit.RefusedAsync(user, $"Pilot/{pilot.Id}/enrolments", AuditAction.Create, person!.Id, ct);
            return refused;
        }

        var consent = new ConsentRecord
        {
            PersonId = person!.Id,
            Purpose = ConsentRecord.PilotPurpose(pilot.Id),
            TextVersion = request.Consent!.TextVersion!.Trim(),
            GivenAt = request.Consent.GivenAt ?? now,
            RecordedAt = now,
            RecordedBy = user.Subject,
            RecordedByKind = ConsentRecordedByKind.SignedForm,
        };
        var sequence = (await db.PilotEnrolments.Where(e => e.PilotId == pilot.Id).MaxAsync(e => (int?)e.Sequence, ct) ?? 0) + 1;
        var enrolment = new PilotEnrolment
        {
            PilotId = pilot.Id,
            PersonId = person.Id,
            PayerId = municipality.PayerId,
            Sequence = sequence,
            EnrolledOn = today,
            EnrolledAt = now,
            EnrolledBy = user.Subject,
            ConsentId = consent.Id,
        };
        var allocation = await db.PilotAllocations.FirstOrDefaultAsync(a => a.PilotId == pilot.Id, ct);
        if (allocation is { Design: AllocationDesign.RandomisedParticipants } && sequence > allocation.ParticipantArms.Count)
        {
            // Past the drawn list: the next whole blocks of the same seed (a longer list starts with the shorter one).
            PilotAllocations.Draw(allocation, pilot, sequence);
        }

        db.ConsentRecords.Add(consent);
        db.PilotEnrolments.Add(enrolment);
        audit.Add(user, $"Pilot/{pilot.Id}/enrolments/{enrolment.Id}", AuditAction.Create, AuditOutcome.Success, person.Id);
        await db.SaveChangesAsync(ct);
        var name = await db.People.Where(p => p.Id == person.Id).Select(p => p.GivenName + " " + p.FamilyName).SingleAsync(ct);
        return View(enrolment, consent, name, allocation);
    }

    private static Failure? Refusal(Pilot pilot, ConsentInput? consent, DateOnly today)
    {
        if (!pilot.WindowCovers(today))
        {
            return Failure.Of(ApiErrorCodes.PilotOutsideWindow.With(("from", pilot.EnrolmentFrom), ("to", pilot.EnrolmentTo), ("day", today)));
        }

        if (consent is not { Given: true } || string.IsNullOrWhiteSpace(consent.TextVersion))
        {
            return Failure.Of(ApiErrorCodes.PilotConsentRequired, "consent");
        }

        return consent.TextVersion.Trim() == pilot.ConsentTextVersion
            ? null
            : Failure.Of(ApiErrorCodes.PilotConsentTextVersion.With(("given", consent.TextVersion.Trim()), ("expected", pilot.ConsentTextVersion)), "consent.textVersion");
    }

    /// <summary>The enrolments of the caller's own municipality (personal data: each row read is audited).</summary>
    public async Task<Outcome<Page<EnrolmentView>>> ListAsync(CurrentUser user, Guid pilotId, PageRequest page, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!page.Validate(errors))
        {
            return Failure.Invalid(errors);
        }

        var caller = await access.CallerAsync(user, ct);
        var pilot = await access.Visible(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == pilotId, ct);
        if (pilot is null)
        {
            return Failure.NotFound();
        }

        if (PilotAccess.EnrolsFor(pilot, caller) is not { } municipality)
        {
            return Failure.Of(ApiErrorCodes.PilotEnrolCoordinatorOnly);
        }

        var own = db.PilotEnrolments.AsNoTracking().Where(e => e.PilotId == pilotId && e.PayerId == municipality.PayerId);
        var total = await own.CountAsync(ct);
        var rows = await own.OrderByDescending(e => e.Sequence).Skip(page.Skip).Take(page.PageSize)
            .Join(db.ConsentRecords, e => e.ConsentId, c => c.Id, (e, c) => new { e, c })
            .Join(db.People, x => x.e.PersonId, p => p.Id, (x, p) => new { x.e, x.c, Name = p.GivenName + " " + p.FamilyName })
            .ToListAsync(ct);
        var allocation = await db.PilotAllocations.AsNoTracking().FirstOrDefaultAsync(a => a.PilotId == pilotId, ct);
        foreach (var row in rows)
        {
            audit.Add(user, $"Pilot/{pilotId}/enrolments/{row.e.Id}", AuditAction.Read, AuditOutcome.Success, row.e.PersonId);
        }

        await audit.SaveAsync(ct);
        return page.Of<EnrolmentView>([.. rows.OrderByDescending(r => r.e.Sequence).Select(r => View(r.e, r.c, r.Name, allocation))], total);
    }

    /// <summary>Records the participant's withdrawal of consent: the enrolment stays counted, marked withdrawn.</summary>
    public async Task<Outcome<EnrolmentView>> WithdrawAsync(CurrentUser user, Guid pilotId, Guid enrolmentId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var pilot = await access.Visible(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == pilotId, ct);
        var municipality = pilot is null ? null : PilotAccess.EnrolsFor(pilot, caller);
        var enrolment = municipality is null ? null
            : await db.PilotEnrolments.FirstOrDefaultAsync(e => e.Id == enrolmentId && e.PilotId == pilotId && e.PayerId == municipality.PayerId, ct);
        if (enrolment is null)
        {
            return Failure.NotFound();
        }

        var consent = await db.ConsentRecords.SingleAsync(c => c.Id == enrolment.ConsentId, ct);
        if (enrolment.WithdrawnAt is { } at)
        {
            return Failure.Of(ApiErrorCodes.PilotAlreadyWithdrawn.With(("day", Oslo.Today(at))));
        }

        var now = clock.GetUtcNow();
        enrolment.WithdrawnAt = now;
        consent.Withdraw(now, user.Subject);
        audit.Add(user, $"Pilot/{pilotId}/enrolments/{enrolment.Id}", AuditAction.Update, AuditOutcome.Success, enrolment.PersonId, "consent-withdrawal");
        await db.SaveChangesAsync(ct);
        var name = await db.People.Where(p => p.Id == enrolment.PersonId).Select(p => p.GivenName + " " + p.FamilyName).SingleAsync(ct);
        var allocation = await db.PilotAllocations.AsNoTracking().FirstOrDefaultAsync(a => a.PilotId == pilotId, ct);
        return View(enrolment, consent, name, allocation);
    }

    /// <summary>
    /// Enrolments against target per municipality and month, from the window's first month to this month (or its last).
    /// The lead and named roles see every municipality and the pilot's total; another coordinator sees their own only.
    /// </summary>
    public async Task<Outcome<PilotProgressView>> ProgressAsync(CurrentUser user, Guid pilotId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var pilot = await access.Visible(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == pilotId, ct);
        var view = pilot is null ? PilotView.None : PilotAccess.ViewOf(pilot, caller);
        if (view == PilotView.None)
        {
            return Failure.NotFound();
        }

        var shown = view == PilotView.AllMunicipalities ? pilot!.Municipalities : [.. pilot!.Municipalities.Where(m => m.PayerId == caller.MunicipalityId)];
        var payerIds = shown.Select(m => m.PayerId).ToList();
        var facts = await db.PilotEnrolments.AsNoTracking().Where(e => e.PilotId == pilotId && payerIds.Contains(e.PayerId))
            .Select(e => new { e.PayerId, e.EnrolledOn, Withdrawn = e.WithdrawnAt != null }).ToListAsync(ct);
        var names = await db.Payers.AsNoTracking().Where(p => payerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var today = Oslo.Today(clock.GetUtcNow());
        var months = EnrolmentProgress.MonthsOf(pilot.EnrolmentFrom, pilot.EnrolmentTo, today);
        var series = shown.OrderBy(m => names.GetValueOrDefault(m.PayerId), StringComparer.Ordinal).Select(m =>
        {
            var own = facts.Where(f => f.PayerId == m.PayerId).ToList();
            return SeriesView(m.PayerId, names.GetValueOrDefault(m.PayerId, "?"), m.Target, own.Select(f => new EnrolmentFact(m.Kommunenummer, f.EnrolledOn)), own.Count(f => f.Withdrawn), months);
        }).ToList();
        var total = view == PilotView.AllMunicipalities
            ? SeriesView(null, pilot.Name, pilot.CohortTarget, facts.Select(f => new EnrolmentFact("*", f.EnrolledOn)), facts.Count(f => f.Withdrawn), months)
            : null;
        return new PilotProgressView(pilot.Id, pilot.CohortTarget, view, today, total, series);
    }

    private static ProgressSeriesView SeriesView(Guid? id, string name, int? target, IEnumerable<EnrolmentFact> facts, int withdrawn, IReadOnlyList<(int Year, int Month)> months)
    {
        var series = EnrolmentProgress.Series(name, target, facts, months);
        return new ProgressSeriesView(id, name, target, series.Enrolled, withdrawn, series.ShareOfTarget, [.. series.Months.Select(m => new MonthCountView(m.Label, m.Enrolled, m.Cumulative))]);
    }

    private static EnrolmentView View(PilotEnrolment e, ConsentRecord c, string name, PilotAllocation? allocation)
    {
        var (arm, start) = allocation switch
        {
            { Design: AllocationDesign.RandomisedParticipants } a when e.Sequence <= a.ParticipantArms.Count => (a.ParticipantArms[e.Sequence - 1], (DateOnly?)null),
            { } a when a.Municipalities.FirstOrDefault(m => m.PayerId == e.PayerId) is { } m => (m.Arm, m.Start),
            _ => (null, null),
        };
        return new EnrolmentView(e.Id, e.PilotId, e.PersonId, name, e.PayerId, e.Sequence, e.EnrolledOn, e.EnrolledAt, arm, start,
            new ConsentView(c.Id, c.Purpose, c.TextVersion, c.GivenAt, c.RecordedAt, c.RecordedBy, c.WithdrawnAt, c.RecordedByKind), e.WithdrawnAt);
    }
}
