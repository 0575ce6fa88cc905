using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Pilots;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Consents;

/// <summary>One consent as its person sees it. <c>Title</c> names the pilot for a pilot consent.</summary>
public sealed record ConsentView(
    Guid Id, string Purpose, ConsentPurposeKind Kind, string? Title, string TextVersion, DateTimeOffset GivenAt, bool GivenHere,
    DateTimeOffset? WithdrawnAt, bool InForce);

/// <summary>A consent the person can give on their own page, with the text version it would record.</summary>
/// <remarks>A research project's offer names the project (<c>Title</c>) and its purpose (<c>Text</c>).</remarks>
public sealed record OfferedConsent(string Purpose, ConsentPurposeKind Kind, string TextVersion, bool InForce, string? Title = null, string? Text = null);

public sealed record MyConsentsView(IReadOnlyList<ConsentView> Consents, IReadOnlyList<OfferedConsent> Offered);

/// <summary>The body of <c>POST /api/me/consents</c>: the purpose and the version of the text the person was shown.</summary>
public sealed record GiveConsentRequest(string? Purpose, string? TextVersion);

/// <summary>
/// The person's own consents (issue 22): see them all, give the ones offered here, withdraw any — withdrawing is as
/// easy as giving (one step, no reason asked) and takes effect at once for every later use. Withdrawing a pilot
/// consent ends the pilot's data collection the same instant (the enrolment is marked withdrawn in the same
/// transaction, as when the coordinator records it). Only the participant role, about themself: there is no person
/// id to name. Every read and change is audited with the person as subject.
/// </summary>
public sealed class MyConsents(AktivDbContext db, CallerRelationships relationships, AuditLog audit, TimeProvider clock, IOptions<ConsentOptions> options, IEnumerable<IConsentOffers> offers)
{
    private const string Resource = "Consents";

    public async Task<Outcome<MyConsentsView>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (await PersonAsync(user, AuditAction.Search, ct) is not { } person)
        {
            return user.Role == Roles.Participant ? new MyConsentsView([], []) : Failure.Of(ApiErrorCodes.ConsentsParticipantOnly);
        }

        audit.Add(user, Resource, AuditAction.Search, AuditOutcome.Success, person);
        await audit.SaveAsync(ct);
        return await ViewAsync(person, ct);
    }

    public async Task<Outcome<ConsentView>> GiveAsync(CurrentUser user, GiveConsentRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await PersonAsync(user, AuditAction.Create, ct) is not { } person)
        {
            return user.Role == Roles.Participant ? Failure.NotFound() : Failure.Of(ApiErrorCodes.ConsentsParticipantOnly);
        }

        var errors = new ValidationErrors();
        var offered = (await OfferedAsync(ct)).FirstOrDefault(o => o.Purpose == request.Purpose);
        if (string.IsNullOrWhiteSpace(request.Purpose))
        {
            errors.Add("purpose", ErrorCodes.Required);
        }
        else if (offered is null)
        {
            errors.Add("purpose", ApiErrorCodes.ConsentPurposeNotOffered);
        }

        if (string.IsNullOrWhiteSpace(request.TextVersion))
        {
            errors.Add("textVersion", ErrorCodes.Required);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        if (request.TextVersion != offered!.TextVersion)
        {
            await audit.RefusedAsync(user, Resource, AuditAction.Create, person, ct);
            return Failure.Of(ApiErrorCodes.ConsentTextOutdated.With(("current", offered.TextVersion)), "textVersion");
        }

        var own = await db.ConsentRecords.Where(c => c.PersonId == person && c.Purpose == offered.Purpose).ToListAsync(ct);
        if (own.FirstOrDefault(c => c.IsInForceAt(now)) is { } given)
        {
            await audit.RefusedAsync(user, Resource, AuditAction.Create, person, ct);
            return Failure.Of(ApiErrorCodes.ConsentAlreadyGiven.With(("day", Oslo.Today(given.GivenAt))), "purpose");
        }

        var consent = new ConsentRecord
        {
            PersonId = person,
            Purpose = offered.Purpose,
            TextVersion = offered.TextVersion,
            GivenAt = now,
            RecordedAt = now,
            RecordedBy = user.Subject,
            RecordedByKind = ConsentRecordedByKind.Person,
        };
        db.ConsentRecords.Add(consent);
        audit.Add(user, $"{Resource}/{consent.Id}", AuditAction.Create, AuditOutcome.Success, person, "samtykke");
        await db.SaveChangesAsync(ct);
        return await ViewOfAsync(consent, ct);
    }

    /// <summary>Withdraws one of the person's consents; withdrawing again answers the same and changes nothing.</summary>
    public async Task<Outcome<ConsentView>> WithdrawAsync(CurrentUser user, Guid consentId, CancellationToken ct)
    {
        if (await PersonAsync(user, AuditAction.Update, ct) is not { } person)
        {
            return user.Role == Roles.Participant ? Failure.NotFound() : Failure.Of(ApiErrorCodes.ConsentsParticipantOnly);
        }

        var consent = await db.ConsentRecords.FirstOrDefaultAsync(c => c.Id == consentId && c.PersonId == person, ct);
        if (consent is null)
        {
            await audit.DeniedAsync(user, $"{Resource}/{consentId}", AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var now = clock.GetUtcNow();
        if (consent.Withdraw(now, user.Subject))
        {
            // The pilot's collection stops with the consent: the enrolment stays counted, marked withdrawn.
            foreach (var enrolment in await db.PilotEnrolments.Where(e => e.ConsentId == consent.Id && e.WithdrawnAt == null).ToListAsync(ct))
            {
                enrolment.WithdrawnAt = now;
            }

            audit.Add(user, $"{Resource}/{consent.Id}", AuditAction.Update, AuditOutcome.Success, person, "samtykke-trukket");
            await db.SaveChangesAsync(ct);
        }

        return await ViewOfAsync(consent, ct);
    }

    /// <summary>The consents this page offers: the contact consent, and what other features offer (open research projects).</summary>
    private async Task<List<OfferedConsent>> OfferedAsync(CancellationToken ct)
    {
        var offered = new List<OfferedConsent> { new(ConsentPurpose.Contact, ConsentPurposeKind.Contact, options.Value.ContactTextVersion, false) };
        foreach (var source in offers)
        {
            offered.AddRange(await source.OfferedAsync(clock.GetUtcNow(), ct));
        }

        return offered;
    }

    private async Task<Guid?> PersonAsync(CurrentUser user, string action, CancellationToken ct)
    {
        if (user.Role != Roles.Participant)
        {
            await audit.DeniedAsync(user, Resource, action, ct);
            return null;
        }

        return (await relationships.ResolveAsync(user, ct)).PersonId;
    }

    private async Task<MyConsentsView> ViewAsync(Guid person, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var records = await db.ConsentRecords.AsNoTracking().Where(c => c.PersonId == person).ToListAsync(ct);
        var titles = await PilotTitlesAsync(records, ct);
        var views = records.OrderByDescending(c => c.GivenAt).Select(c => View(c, titles, now)).ToList();
        var offered = (await OfferedAsync(ct)).Select(o => o with { InForce = records.Any(c => c.Purpose == o.Purpose && c.IsInForceAt(now)) }).ToList();
        return new MyConsentsView(views, offered);
    }

    private async Task<ConsentView> ViewOfAsync(ConsentRecord consent, CancellationToken ct) =>
        View(consent, await PilotTitlesAsync([consent], ct), clock.GetUtcNow());

    private async Task<Dictionary<Guid, string>> PilotTitlesAsync(IEnumerable<ConsentRecord> records, CancellationToken ct)
    {
        var pilots = records.Select(c => ConsentPurpose.TryParse(c.Purpose, out var kind, out var id) && kind == ConsentPurposeKind.Pilot ? id : null)
            .OfType<Guid>().Distinct().ToList();
        var titles = pilots.Count == 0 ? [] : await db.Pilots.AsNoTracking().Where(p => pilots.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var others = records.Select(c => ConsentPurpose.TryParse(c.Purpose, out var kind, out var id) && kind == ConsentPurposeKind.Research ? id : null)
            .OfType<Guid>().Distinct().ToList();
        foreach (var source in others.Count == 0 ? [] : offers)
        {
            foreach (var (id, title) in await source.TitlesAsync(others, ct))
            {
                titles[id] = title;
            }
        }

        return titles;
    }

    /// <summary>«Given here» when the person gave it here; otherwise a coordinator recorded it from a signed form (its stored kind).</summary>
    private static ConsentView View(ConsentRecord c, Dictionary<Guid, string> titles, DateTimeOffset now)
    {
        // A code this version does not know still shows (as its stored kind's default); it cannot name a pilot.
        var known = ConsentPurpose.TryParse(c.Purpose, out var kind, out var reference);
        var title = known && reference is { } id ? titles.GetValueOrDefault(id) : null;
        return new ConsentView(c.Id, c.Purpose, kind, title, c.TextVersion, c.GivenAt, c.RecordedByKind == ConsentRecordedByKind.Person, c.WithdrawnAt, c.IsInForceAt(now));
    }
}
