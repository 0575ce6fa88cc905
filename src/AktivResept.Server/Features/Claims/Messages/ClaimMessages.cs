using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Messages;

/// <summary>A file as it arrived: the uploader's name and the bytes (the type is ours to decide).</summary>
public sealed record UploadedFile(string? FileName, byte[] Content);

public sealed record PostMessageRequest(string? Text, Guid? LineId, UploadedFile? Attachment);

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, int Length);

public sealed record ClaimMessageView(Guid Id, Guid? LineId, ClaimParty From, string AuthorName, string Text, DateTimeOffset At, AttachmentView? Attachment);

public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The payer's questions and the gym's answers on a claim or one of its lines, each message with at most one
/// attachment (a timesheet PDF, a scanned signature). Both parties of a claim the caller may see can read and write;
/// nobody else learns the thread exists. Attachments are checked by their first bytes (PDF, PNG, JPEG only), capped
/// in size, stored in the database, and sent back only as a download. Every read and write is audited.
/// </summary>
public sealed class ClaimMessages(AktivDbContext db, ClaimAccess access, AuditLog audit, TimeProvider clock, Notices notices)
{
    public const int MaxTextLength = 4000;
    public const int MaxAttachmentMegabytes = 5;
    public const int MaxAttachmentBytes = MaxAttachmentMegabytes * 1024 * 1024;

    public async Task<Outcome<IReadOnlyList<ClaimMessageView>>> ListAsync(CurrentUser user, Guid claimId, CancellationToken ct)
    {
        if (await FindAsync(user, claimId, AuditAction.Read, ct) is not { } claim)
        {
            return Failure.NotFound();
        }

        var messages = await db.ClaimMessages.AsNoTracking().Where(m => m.ClaimId == claimId).OrderBy(m => m.At).ThenBy(m => m.Id).ToListAsync(ct);
        var attachments = await db.ClaimAttachments.AsNoTracking().Where(a => a.ClaimId == claimId)
            .Select(a => new { a.MessageId, View = new AttachmentView(a.Id, a.FileName, a.ContentType, a.Length) })
            .ToDictionaryAsync(a => a.MessageId, a => a.View, ct);
        audit.Add(user, $"Claim/{claim.Id}/messages", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return messages.Select(m => new ClaimMessageView(m.Id, m.LineId, m.From, m.AuthorName, m.Text, m.At, attachments.GetValueOrDefault(m.Id))).ToList();
    }

    public async Task<Outcome<ClaimMessageView>> PostAsync(CurrentUser user, Guid claimId, PostMessageRequest request, CancellationToken ct)
    {
        if (await FindAsync(user, claimId, AuditAction.Create, ct) is not { } claim)
        {
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength)
        {
            errors.Add("text", ApiErrorCodes.MessageText.With(("max", MaxTextLength)));
        }

        string? contentType = null;
        if (request.Attachment is { } file)
        {
            if (file.Content.Length > MaxAttachmentBytes)
            {
                errors.Add("attachment", ApiErrorCodes.AttachmentSize.With(("mb", MaxAttachmentMegabytes)));
            }
            else if ((contentType = SniffType(file.Content)) is null)
            {
                errors.Add("attachment", ApiErrorCodes.AttachmentType);
            }
        }

        if (request.LineId is { } lineId && !await db.ClaimLines.AnyAsync(l => l.Id == lineId && l.ClaimId == claimId, ct))
        {
            errors.Add("lineId", ApiErrorCodes.NoSuchLine);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var message = new ClaimMessage
        {
            ClaimId = claimId,
            LineId = request.LineId,
            From = user.Role == Roles.Payer ? ClaimParty.Payer : ClaimParty.Provider,
            AuthorSubject = user.Subject,
            AuthorName = string.IsNullOrWhiteSpace(user.Name) ? user.Subject : user.Name,
            Text = text!,
            At = clock.GetUtcNow(),
        };
        db.ClaimMessages.Add(message);
        AttachmentView? view = null;
        if (request.Attachment is { } upload)
        {
            var attachment = new ClaimAttachment
            {
                ClaimId = claimId,
                MessageId = message.Id,
                FileName = SafeFileName(upload.FileName, contentType!),
                ContentType = contentType!,
                Length = upload.Content.Length,
                Content = upload.Content,
            };
            db.ClaimAttachments.Add(attachment);
            view = new AttachmentView(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Length);
        }

        await NotifyOtherPartyAsync(claim, message, request.Attachment is not null, ct);
        audit.Add(user, $"Claim/{claim.Id}/messages/{message.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return new ClaimMessageView(message.Id, message.LineId, message.From, message.AuthorName, message.Text, message.At, view);
    }

    public async Task<Outcome<AttachmentFile>> DownloadAsync(CurrentUser user, Guid claimId, Guid attachmentId, CancellationToken ct)
    {
        if (await FindAsync(user, claimId, AuditAction.Read, ct) is null)
        {
            return Failure.NotFound();
        }

        var file = await db.ClaimAttachments.AsNoTracking().Where(a => a.Id == attachmentId && a.ClaimId == claimId)
            .Select(a => new AttachmentFile(a.FileName, a.ContentType, a.Content)).FirstOrDefaultAsync(ct);
        if (file is null)
        {
            await audit.DeniedAsync(user, $"Claim/{claimId}/attachments/{attachmentId}", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        audit.Add(user, $"Claim/{claimId}/attachments/{attachmentId}", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return file;
    }

    /// <summary>What the file is, by its signature; anything else (HTML, scripts, archives, Office files) is refused.</summary>
    public static string? SniffType(ReadOnlySpan<byte> content) => content switch
    {
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",                               // %PDF-
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        _ => null,
    };

    /// <summary>Letters, digits, dot, dash, underscore and space; the extension always the one the type implies.</summary>
    public static string SafeFileName(string? name, string contentType)
    {
        var extension = contentType switch { "application/pdf" => ".pdf", "image/png" => ".png", _ => ".jpg" };
        var stem = Path.GetFileNameWithoutExtension(Path.GetFileName((name ?? string.Empty).Replace('\\', '/')));
        var safe = new string([.. stem.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ' or '.').Take(80)]).Trim(' ', '.');
        return (safe.Length == 0 ? "vedlegg" : safe) + extension;
    }

    /// <summary>
    /// The other party's inbox hears of the message in the same transaction (a claim is no prescription, so the
    /// prescription fan-out has nobody to route it to): a question reaches the gym's admins, an answer the payer's
    /// caseworkers. The inbox row names the claim only; the thread itself is read (and audited) on the claim's page.
    /// </summary>
    private Task NotifyOtherPartyAsync(Claim claim, ClaimMessage message, bool hasAttachment, CancellationToken ct)
    {
        var toGym = message.From == ClaimParty.Payer;
        var data = new ClaimMessageData(claim.Id, claim.Month, claim.Sequence, message.LineId is not null, hasAttachment);
        var notice = InboxNotice.Of(toGym ? RecipientKind.Provider : RecipientKind.Payer, toGym ? claim.ProviderId : claim.PayerId, toGym ? PrescriptionEventType.ClaimQuestion : PrescriptionEventType.ClaimAnswer, data);
        return notices.PostAsync(notice with { EventId = message.Id, At = message.At }, ct);
    }

    private async Task<Claim?> FindAsync(CurrentUser user, Guid claimId, string action, CancellationToken ct)
    {
        var claim = user.Is([Roles.Payer, Roles.ProviderAdmin])
            ? await (await access.VisibleToAsync(user, ct)).FirstOrDefaultAsync(c => c.Id == claimId, ct)
            : null;
        if (claim is null)
        {
            await audit.DeniedAsync(user, $"Claim/{claimId}/messages", action, ct);
        }

        return claim;
    }
}
