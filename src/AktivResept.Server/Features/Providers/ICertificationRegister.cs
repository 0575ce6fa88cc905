using AktivResept.Domain.Trainers;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Providers;

/// <summary>
/// The issuers' registers of awarded certificates behind a small adapter, as the benefits registry is; the built-in
/// one reads the lists we import into our own table (<see cref="CertificationRegisterImporter"/>).
/// </summary>
public interface ICertificationRegister
{
    /// <summary>The register's entries with this certificate number (any issuer or kind; the caller matches).</summary>
    Task<IReadOnlyList<RegisterEntry>> EntriesForAsync(string certificateNumber, CancellationToken cancellationToken);
}

public sealed class DatabaseCertificationRegister(AktivDbContext db) : ICertificationRegister
{
    public async Task<IReadOnlyList<RegisterEntry>> EntriesForAsync(string certificateNumber, CancellationToken cancellationToken)
    {
        var number = certificateNumber.Trim();
        var rows = await db.CertificationRegister.AsNoTracking().Where(e => e.CertificateNumber == number).ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToDomain())];
    }
}

/// <summary>
/// Matches the certificates gyms entered against the register (<see cref="CertificateRegister.Match"/>): a match marks
/// the certificate verified, when, and against which register entry. Run when a certificate is entered and after
/// every import, so a list that arrives later verifies what was waiting for it.
/// </summary>
public sealed class CertificationVerifier(AktivDbContext db, ICertificationRegister register, TimeProvider clock)
{
    /// <summary>Tries the given certificates (tracked by the caller's context); returns how many became verified. Does not save.</summary>
    public async Task<int> VerifyAsync(IEnumerable<(TrainerCertification Certificate, string HolderName)> pending, CancellationToken ct)
    {
        var verified = 0;
        foreach (var (certificate, holder) in pending)
        {
            if (!certificate.IsUnverified || string.IsNullOrWhiteSpace(certificate.CertificateNumber))
            {
                continue;
            }

            var entered = new EnteredCertificate(certificate.Issuer, certificate.Kind, certificate.CertificateNumber, holder, certificate.ValidFrom, certificate.ValidTo);
            if (CertificateRegister.Match(entered, await register.EntriesForAsync(certificate.CertificateNumber, ct)) is { } entry)
            {
                certificate.VerifiedAt = clock.GetUtcNow();
                certificate.RegisterEntryId = entry.Id;
                verified++;
            }
        }

        return verified;
    }

    /// <summary>Every unverified certificate a gym entered, tried again (after an import). Saves.</summary>
    public async Task<int> VerifyAllPendingAsync(CancellationToken ct)
    {
        var pending = await db.TrainerCertifications
            .Where(c => c.EnteredByProvider && c.VerifiedAt == null && c.CertificateNumber != null)
            .Join(db.Trainers, c => c.TrainerId, t => t.Id, (c, t) => new { Certificate = c, t.Name })
            .ToListAsync(ct);
        var verified = await VerifyAsync(pending.Select(p => (p.Certificate, p.Name)), ct);
        await db.SaveChangesAsync(ct);
        return verified;
    }
}
