using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Providers.Management;

/// <summary>
/// The issuer's certificate list uploaded through the web: the same <see cref="CertificationRegisterImporter"/> as the
/// <c>import-certifications FILE</c> verb (all rows checked first, nothing imported if one is bad, the errors by line and
/// field). Only the state payer's officers may upload it: the register decides which certificates a gym entered are
/// verified (and so which claim lines carry the unverified signal), so a gym must never fill it, and the state payer is
/// the party that relies on it when paying (docs/providers.md). Every attempt is audited.
/// </summary>
public sealed class CertificationRegisterUpload(AktivDbContext db, CallerRelationships relationships, CertificationRegisterImporter importer, AuditLog audit)
{
    public const int MaxMegabytes = 5;
    public const long MaxBytes = MaxMegabytes * 1024L * 1024L;
    private const string Resource = "CertificationRegister";

    /// <summary>Whether the caller may upload (the page shows the form only then).</summary>
    public async Task<bool> MayUploadAsync(CurrentUser user, CancellationToken ct) =>
        await relationships.PayerOfAsync(user, ct) is { } payerId && await db.Payers.AnyAsync(p => p.Id == payerId && p.Kind == PayerKind.State, ct);

    public async Task<Outcome<CertificationRegisterImporter.Result>> ImportAsync(CurrentUser user, TextReader csv, string fileName, CancellationToken ct)
    {
        if (!await MayUploadAsync(user, ct))
        {
            await audit.DeniedAsync(user, Resource, AuditAction.Create, ct);
            return Failure.Of(ApiErrorCodes.StatePayerOnly);
        }

        var result = await importer.ImportAsync(csv, $"upload:{fileName}", ct);
        audit.Add(user, Resource, AuditAction.Create, result.Succeeded ? AuditOutcome.Success : AuditOutcome.Refused);
        await audit.SaveAsync(ct);
        return result;
    }
}
