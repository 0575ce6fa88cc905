using System.Globalization;
using System.Text;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Payments;

public sealed record ExportPaymentsRequest(DateOnly? ExecutionDate);

/// <summary>A provider whose approved claims were left out of a payment file, and why.</summary>
public sealed record SkippedProvider(Guid ProviderId, string ProviderName, Error Reason);

public sealed record PaymentBatchView(
    Guid Id, string MessageId, DateTimeOffset CreatedAt, DateOnly ExecutionDate, int TransactionCount, decimal ControlSum,
    int Claims, DateTimeOffset? PaidAt, IReadOnlyList<SkippedProvider> Skipped);

/// <summary>
/// The payer's payment run: every approved claim not yet in a file, one credit transfer per provider account for the
/// public share of its approved lines (credits net off), as a pain.001.001.09 file and a CSV remittance that lists the
/// lines behind each transfer. Marking a batch paid moves its claims to Paid, and doing it again changes nothing.
/// </summary>
public sealed class PaymentExport(AktivDbContext db, CallerRelationships access, ClaimHistory history, AuditLog audit, TimeProvider clock)
{
    private static readonly ClaimStatus[] Payable = [ClaimStatus.Approved, ClaimStatus.PartiallyApproved];

    /// <summary>The payer's claims the next payment run pays: decided with something approved, and in no file yet.</summary>
    public static IQueryable<Claim> Unpaid(IQueryable<Claim> claims, Guid payerId) =>
        claims.Where(c => c.PayerId == payerId && Payable.Contains(c.Status) && c.PaymentBatchId == null);

    public async Task<Outcome<PaymentBatchView>> ExportAsync(CurrentUser user, ExportPaymentsRequest request, CancellationToken ct)
    {
        if (await access.PayerOfAsync(user, ct) is not { } payerId)
        {
            return Failure.Of(ApiErrorCodes.PayerOnly);
        }

        var now = clock.GetUtcNow();
        var today = Domain.Calendar.OsloCalendar.DateOf(now);
        var executionDate = request.ExecutionDate ?? today.AddDays(1);
        if (executionDate < today)
        {
            return Failure.Invalid("executionDate", ErrorCodes.NotInPast);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claims = await Unpaid(db.Claims, payerId)
            .OrderBy(c => c.ProviderId).ThenBy(c => c.Month).ThenBy(c => c.Sequence)
            .ToListAsync(ct);
        if (claims.Count == 0)
        {
            return Failure.Of(ApiErrorCodes.NothingToPay);
        }

        var payer = await db.Payers.AsNoTracking().FirstAsync(p => p.Id == payerId, ct);
        var providerIds = claims.Select(c => c.ProviderId).Distinct().ToArray();
        var providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var batch = new PaymentBatch { PayerId = payerId, MessageId = "AR" + Guid.CreateVersion7().ToString("N"), CreatedAt = now, CreatedBy = user.Subject, ExecutionDate = executionDate };

        var payments = new List<Payment>();
        var remittance = new List<RemittanceRow>();
        var skipped = new List<SkippedProvider>();
        var included = new List<Claim>();
        foreach (var group in claims.GroupBy(c => c.ProviderId))
        {
            var provider = providers[group.Key];
            var amount = group.Sum(c => c.ApprovedPublicShare);
            if (provider.AccountNumber is null || !AccountNumber.TryParse(provider.AccountNumber, out var account, out _))
            {
                skipped.Add(new SkippedProvider(provider.Id, provider.Name, ApiErrorCodes.NoAccount));
                continue;
            }

            if (amount <= 0m)
            {
                skipped.Add(new SkippedProvider(provider.Id, provider.Name, ApiErrorCodes.NothingToTransfer.With(("amount", amount))));
                continue;
            }

            var endToEnd = $"P{payments.Count + 1:D4}-{batch.Id:N}"[..35];
            var months = string.Join(" ", group.Select(c => ClaimMonth.Format(c.Month)).Distinct());
            payments.Add(new Payment(endToEnd, provider.Name, account!.ToIban(), amount, Truncate($"AktivResept refusjon {months} org {provider.OrganisationNumber}", 140)));
            var claimIds = group.Select(c => c.Id).ToArray();
            var lines = await db.ClaimLines.AsNoTracking()
                .Where(l => claimIds.Contains(l.ClaimId) && l.Status == ClaimLineStatus.Approved)
                .OrderBy(l => l.ServiceDate).ThenBy(l => l.Id).ToListAsync(ct);
            remittance.AddRange(lines.Select(l => new RemittanceRow(endToEnd, OrganisationNumber.Parse(provider.OrganisationNumber), provider.Name,
                l.ClaimId, l.Id, l.ServiceDate, l.Service?.ToString() ?? l.Kind.ToString(), l.PublicShare)));
            included.AddRange(group);
        }

        if (payments.Count == 0)
        {
            return Failure.Of(ApiErrorCodes.NoProviderPaid.With(("providers", string.Join(", ", skipped.Select(s => s.ProviderName)))));
        }

        var file = new PaymentFile(batch.MessageId, now, new InitiatingParty(payer.Name, OrganisationNumber.Parse(payer.OrganisationNumber)),
            executionDate, new Debtor(payer.Name, OrganisationNumber.Parse(payer.OrganisationNumber), Iban.Parse(payer.AccountIban), Bic.Parse(payer.Bic)), payments);
        var xml = Pain001Writer.Write(file);
        if (!xml.Succeeded)
        {
            return Failure.Of(ApiErrorCodes.FileInvalid.With(("count", xml.Errors!.ToDictionary().Count)));
        }

        batch.Pain001Xml = Encoding.UTF8.GetString(xml.Value!);
        batch.RemittanceCsv = Encoding.UTF8.GetString(RemittanceCsvWriter.ToBytes(remittance));
        batch.TransactionCount = payments.Count;
        batch.ControlSum = payments.Sum(p => p.Amount);
        db.PaymentBatches.Add(batch);
        foreach (var claim in included)
        {
            claim.PaymentBatchId = batch.Id;
            claim.Version++;
        }

        audit.Add(user, $"PaymentBatch/{batch.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return View(batch, included.Count, skipped);
    }

    public async Task<Outcome<PaymentBatchView>> MarkPaidAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        if (await FindAsync(user, id, ct) is not { } batch)
        {
            return Failure.NotFound();
        }

        var claims = await db.Claims.Where(c => c.PaymentBatchId == id).ToListAsync(ct);
        if (batch.PaidAt is null)
        {
            var now = clock.GetUtcNow();
            batch.PaidAt = now;
            batch.PaidBy = user.Subject;
            foreach (var claim in claims)
            {
                history.TryMove(claim, ClaimStatus.Paid, user, now, $"payment {batch.MessageId}");
                claim.PaidAt = now;
            }

            audit.Add(user, $"PaymentBatch/{id}", $"{AuditAction.Update}:paid", AuditOutcome.Success);
            await db.SaveChangesAsync(ct);
        }

        return View(batch, claims.Count, []);
    }

    public async Task<Outcome<IReadOnlyList<PaymentBatchView>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (await access.PayerOfAsync(user, ct) is not { } payerId)
        {
            return Failure.Of(ApiErrorCodes.PayerOnly);
        }

        var batches = await db.PaymentBatches.AsNoTracking().Where(b => b.PayerId == payerId).OrderByDescending(b => b.CreatedAt)
            .Select(b => new { Batch = b, Claims = db.Claims.Count(c => c.PaymentBatchId == b.Id) }).ToListAsync(ct);
        return batches.Select(b => View(b.Batch, b.Claims, [])).ToList();
    }

    public async Task<Outcome<PaymentBatch>> FileAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        if (await FindAsync(user, id, ct) is not { } batch)
        {
            return Failure.NotFound();
        }

        audit.Add(user, $"PaymentBatch/{id}", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return batch;
    }

    private async Task<PaymentBatch?> FindAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var batch = await access.PayerOfAsync(user, ct) is { } payerId
            ? await db.PaymentBatches.FirstOrDefaultAsync(b => b.Id == id && b.PayerId == payerId, ct)
            : null;
        if (batch is null)
        {
            await audit.DeniedAsync(user, $"PaymentBatch/{id}", AuditAction.Read, ct);
        }

        return batch;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private static PaymentBatchView View(PaymentBatch b, int claims, IReadOnlyList<SkippedProvider> skipped) =>
        new(b.Id, b.MessageId, b.CreatedAt, b.ExecutionDate, b.TransactionCount, b.ControlSum, claims, b.PaidAt, skipped);
}
