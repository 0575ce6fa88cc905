using System.Security.Cryptography;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// Links a provider's member references to a participant. Every accepted participant also gets a pseudonymous token
/// (<c>apt_…</c>) the gym can use instead of its own member number, so no national id ever travels in a webhook.
/// Changes are added to the context and saved by the caller, with the step that made them.
/// </summary>
public sealed class MemberLinker(AktivDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "apt_";
    public const int MaxLength = 100;

    /// <summary>Null when the reference may be used (not a national id) and is free or already this participant's; otherwise why not.</summary>
    public async Task<Error?> ConflictAsync(Guid providerId, Guid participantId, string memberRef, CancellationToken ct)
    {
        if (MemberReference.Check(memberRef) is { } refused)
        {
            return refused;
        }

        var owner = await db.MemberLinks.Where(m => m.ProviderId == providerId && m.MemberRef == memberRef).Select(m => (Guid?)m.ParticipantId).FirstOrDefaultAsync(ct);
        return owner is null || owner == participantId ? null : ApiErrorCodes.MemberRefTaken.With();
    }

    /// <summary>Null when linked (or already linked to the same person); otherwise why the reference cannot be used.</summary>
    public async Task<Error?> LinkAsync(Guid providerId, Guid participantId, string memberRef, CancellationToken ct)
    {
        if (MemberReference.Check(memberRef) is { } refused)
        {
            return refused;
        }

        var existing = await db.MemberLinks.FirstOrDefaultAsync(m => m.ProviderId == providerId && m.MemberRef == memberRef, ct)
                       ?? db.MemberLinks.Local.FirstOrDefault(m => m.ProviderId == providerId && m.MemberRef == memberRef);
        if (existing is not null)
        {
            return existing.ParticipantId == participantId ? null : ApiErrorCodes.MemberRefTaken.With();
        }

        db.MemberLinks.Add(new MemberLink { ProviderId = providerId, MemberRef = memberRef, ParticipantId = participantId, LinkedAt = clock.GetUtcNow() });
        return null;
    }

    /// <summary>The participant's token at this provider, issuing one the first time.</summary>
    public async Task<string> EnsureTokenAsync(Guid providerId, Guid participantId, CancellationToken ct)
    {
        var token = await db.MemberLinks.Where(m => m.ProviderId == providerId && m.ParticipantId == participantId && m.IsIssuedToken)
            .Select(m => m.MemberRef).FirstOrDefaultAsync(ct);
        if (token is not null)
        {
            return token;
        }

        token = TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        db.MemberLinks.Add(new MemberLink { ProviderId = providerId, MemberRef = token, ParticipantId = participantId, IsIssuedToken = true, LinkedAt = clock.GetUtcNow() });
        return token;
    }

    public Task<List<MemberRefView>> ListAsync(Guid providerId, Guid participantId, CancellationToken ct) =>
        db.MemberLinks.AsNoTracking()
            .Where(m => m.ProviderId == providerId && m.ParticipantId == participantId)
            .OrderBy(m => m.LinkedAt)
            .Select(m => new MemberRefView(m.MemberRef, m.IsIssuedToken, m.LinkedAt))
            .ToListAsync(ct);
}

public sealed record MemberRefView(string MemberRef, bool IsIssuedToken, DateTimeOffset LinkedAt);

public sealed record MemberRefRequest(string? MemberRef);
