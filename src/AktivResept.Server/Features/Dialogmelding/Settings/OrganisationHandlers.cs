using System.Text;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Referrers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Dialogmelding.Settings;

/// <summary>What an organisation's channel setting holds; <c>Channel</c> null is the default (in-app and every active subscription).</summary>
public sealed record ChannelSettingView(string OrganisationNumber, NotificationChannel? Channel, string? HerId, DateTimeOffset? UpdatedAt);

public sealed record ChannelSettingRequest(NotificationChannel? Channel, string? HerId);

/// <summary>One line of the dialogmelding delivery log: what, about which prescription, and how it went (never its content).</summary>
public sealed record DialogmeldingLogEntry(
    Guid Id, Guid PrescriptionId, Guid EventId, DialogmeldingKind Kind, DialogmeldingStatus Status, Guid? MsgId,
    string? Failure, string? FailureDetail, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? FailedAt);

/// <summary>A sent message's XML, as the adapter received it.</summary>
public sealed record DialogmeldingFile(Guid MsgId, string Xml);

/// <summary>
/// An organisation's notification channel and its dialogmelding log. The organisation's referrers (a referrer or an
/// EHR acting for an HPR-identified professional, with a token for that organisation) read and set it: HelseID names
/// the organisation a person acts for, and AktivResept has no separate organisation-admin role. Anyone else with a
/// referrer role, or for an organisation they do not act for, gets 404 (unknown and not-yours alike); other roles 403.
/// The operator sets it from the command line (<c>dialogmelding set-channel</c>). Every read and change is audited.
/// </summary>
public sealed class OrganisationHandlers(AktivDbContext db, CallerRelationships relationships, AtRestCipher cipher, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<ChannelSettingView>> GetChannelAsync(CurrentUser user, string organisationNumber, CancellationToken ct)
    {
        var resource = $"ReferrerOrganisation/{Shown(organisationNumber)}";
        if (await RefuseAsync(user, organisationNumber, resource, AuditAction.Read, ct) is { } refused)
        {
            return refused;
        }

        var setting = await db.ReferrerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == organisationNumber, ct);
        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return View(organisationNumber, setting);
    }

    public async Task<Outcome<ChannelSettingView>> SetChannelAsync(CurrentUser user, string organisationNumber, ChannelSettingRequest request, CancellationToken ct)
    {
        var resource = $"ReferrerOrganisation/{Shown(organisationNumber)}";
        if (await RefuseAsync(user, organisationNumber, resource, AuditAction.Update, ct) is { } refused)
        {
            return refused;
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var setting = await SaveAsync(organisationNumber, request, user.Subject, ct);
        audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return View(organisationNumber, setting);
    }

    /// <summary>The operator's path (the CLI verb): the same rules, audited as the operator.</summary>
    public async Task<Outcome<ChannelSettingView>> SetChannelAsOperatorAsync(string organisationNumber, ChannelSettingRequest request, CancellationToken ct)
    {
        if (!Domain.Identifiers.OrganisationNumber.TryParse(organisationNumber, out _, out var error))
        {
            return Failure.Invalid("organisationNumber", error);
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var setting = await SaveAsync(organisationNumber, request, "operator", ct);
        audit.Add(new Domain.Prescriptions.Actor("operator", "operator"), $"ReferrerOrganisation/{Shown(organisationNumber)}", AuditAction.Update, AuditOutcome.Success, null, Guid.NewGuid().ToString("N"));
        await db.SaveChangesAsync(ct);
        return View(organisationNumber, setting);
    }

    public async Task<Outcome<Page<DialogmeldingLogEntry>>> LogAsync(CurrentUser user, string organisationNumber, DialogmeldingStatus? status, PageRequest paging, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!paging.Validate(errors))
        {
            return Failure.Invalid(errors);
        }

        var resource = $"ReferrerOrganisation/{Shown(organisationNumber)}/dialogmelding";
        if (await RefuseAsync(user, organisationNumber, resource, AuditAction.Search, ct) is { } refused)
        {
            return refused;
        }

        var query = db.DialogmeldingMessages.AsNoTracking().Where(m => m.OrganisationNumber == organisationNumber);
        if (status is { } s)
        {
            query = query.Where(m => m.Status == s);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(m => new DialogmeldingLogEntry(m.Id, m.PrescriptionId, m.EventId, m.Kind, m.Status, m.MsgId, m.Failure, m.FailureDetail, m.CreatedAt, m.SentAt, m.FailedAt))
            .ToListAsync(ct);
        audit.Add(user, resource, AuditAction.Search, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return paging.Of(rows, total);
    }

    /// <summary>A sent message's XML for the organisation's own collection; it names the patient, so the read is audited on them.</summary>
    public async Task<Outcome<DialogmeldingFile>> DownloadAsync(CurrentUser user, string organisationNumber, Guid id, CancellationToken ct)
    {
        var resource = $"Dialogmelding/{id}";
        if (await RefuseAsync(user, organisationNumber, resource, AuditAction.Read, ct) is { } refused)
        {
            return refused;
        }

        var message = await db.DialogmeldingMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.OrganisationNumber == organisationNumber, ct);
        if (message is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        if (message.XmlCipher is null || message.MsgId is not { } msgId)
        {
            return Failure.Of(ApiErrorCodes.DialogmeldingNotSent.With(("status", message.Status.ToString())), "status");
        }

        var participant = await db.Prescriptions.AsNoTracking().Where(p => p.Id == message.PrescriptionId).Select(p => (Guid?)p.ParticipantId).FirstOrDefaultAsync(ct);
        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, participant);
        await audit.SaveAsync(ct);
        return new DialogmeldingFile(msgId, Encoding.UTF8.GetString(cipher.DecryptBytes(message.XmlCipher)));
    }

    /// <summary>Role first (403), then relationship: the caller must be a referrer of this very organisation (else 404).</summary>
    private async Task<Failure?> RefuseAsync(CurrentUser user, string organisationNumber, string resource, string action, CancellationToken ct)
    {
        if (!user.Is(Roles.Prescribers))
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return Failure.Of(ApiErrorCodes.ReferrerOnly);
        }

        if (user.Organisation?.Value != organisationNumber || (await relationships.ResolveAsync(user, ct)).ReferrerId is null)
        {
            await audit.DeniedAsync(user, resource, action, ct);
            return Failure.NotFound();
        }

        return null;
    }

    private static Failure? Validate(ChannelSettingRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Channel is null)
        {
            errors.Add("channel", ApiErrorCodes.ChannelRequired);
        }

        if (request.HerId is { } her && (her.Trim().Length is 0 or > 9 || !her.Trim().All(char.IsAsciiDigit)))
        {
            errors.Add("herId", ApiErrorCodes.HerId);
        }

        return errors.Any ? Failure.Invalid(errors) : null;
    }

    private async Task<ReferrerOrganisation> SaveAsync(string organisationNumber, ChannelSettingRequest request, string by, CancellationToken ct)
    {
        var setting = await db.ReferrerOrganisations.FirstOrDefaultAsync(o => o.OrganisationNumber == organisationNumber, ct);
        if (setting is null)
        {
            setting = new ReferrerOrganisation { OrganisationNumber = organisationNumber };
            db.ReferrerOrganisations.Add(setting);
        }

        setting.Channel = request.Channel!.Value;
        setting.HerId = request.HerId?.Trim();
        setting.UpdatedAt = clock.GetUtcNow();
        setting.UpdatedBy = by.Length > 100 ? by[..100] : by;
        return setting;
    }

    /// <summary>The organisation number as an audit row names it: a route value that is none is not written out (it could be anything, of any length).</summary>
    private static string Shown(string organisationNumber) =>
        organisationNumber.Length == 9 && organisationNumber.All(char.IsAsciiDigit) ? organisationNumber : "invalid";

    private static ChannelSettingView View(string organisationNumber, ReferrerOrganisation? setting) =>
        new(organisationNumber, setting?.Channel, setting?.HerId, setting?.UpdatedAt);
}
