using AktivResept.Domain.Claims;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Tariffs;

public sealed record CreateTariffRequest(Guid? ContractId, ServiceType? Service, decimal? Price, decimal? Copay, DateOnly? ValidFrom, DateOnly? ValidTo, IReadOnlyList<BenefitKind>? CopayExemptBenefits);

public sealed record CreateContractRequest(Guid? ProviderId, string? Name, DateOnly? ValidFrom, DateOnly? ValidTo, decimal? CoFinancingShare);

public sealed record TariffView(Guid Id, Guid? ContractId, ServiceType Service, decimal Price, decimal Copay, DateOnly ValidFrom, DateOnly? ValidTo, IReadOnlyList<BenefitKind> CopayExemptBenefits);

public sealed record ContractView(Guid Id, Guid PayerId, Guid ProviderId, string Name, DateOnly ValidFrom, DateOnly? ValidTo, decimal CoFinancingShare);

/// <summary>
/// Payers keep their tariffs and contracts: the state payer the national schedule, any payer its own contracts'
/// schedules. A tariff is never edited: a new price is a new tariff from a later date, and two tariffs for the same
/// service may not be in force on the same day. Claim lines copy their amounts, so nothing here changes a submitted claim.
/// </summary>
public sealed class TariffAdmin(AktivDbContext db, CallerRelationships access, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<TariffView>> CreateTariffAsync(CurrentUser user, CreateTariffRequest request, CancellationToken ct)
    {
        if (await access.PayerOfAsync(user, ct) is not { } payerId)
        {
            return Failure.Of(ApiErrorCodes.PayerOnly);
        }

        var errors = new ValidationErrors();
        if (request.Service is null)
        {
            errors.Add("service", ErrorCodes.Required);
        }

        Money(errors, "price", request.Price, required: true);
        Money(errors, "copay", request.Copay, required: false);
        if (request.Copay > request.Price)
        {
            errors.Add("copay", ApiErrorCodes.CopayOverPrice);
        }

        if (request.ValidFrom is null)
        {
            errors.Add("validFrom", ErrorCodes.Required);
        }
        else if (request.ValidTo < request.ValidFrom)
        {
            errors.Add("validTo", ErrorCodes.NotBefore.With(("other", "validFrom")));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var payer = await db.Payers.AsNoTracking().FirstAsync(p => p.Id == payerId, ct);
        if (request.ContractId is { } contractId)
        {
            if (!await db.Contracts.AnyAsync(c => c.Id == contractId && c.PayerId == payerId, ct))
            {
                return Failure.Invalid("contractId", ApiErrorCodes.NotYourContract);
            }
        }
        else if (payer.Kind != PayerKind.State)
        {
            return Failure.Invalid("contractId", ApiErrorCodes.ContractRequired);
        }

        var overlapping = (await db.Tariffs.AsNoTracking().Where(t => t.ContractId == request.ContractId && t.Service == request.Service).ToListAsync(ct))
            .FirstOrDefault(t => t.ToDomain().Overlaps(request.ValidFrom!.Value, request.ValidTo));
        if (overlapping is not null)
        {
            return Failure.Of(
                overlapping.ValidTo is { } to
                    ? ApiErrorCodes.TariffOverlap.With(("service", request.Service!.Value), ("from", overlapping.ValidFrom), ("to", to))
                    : ApiErrorCodes.TariffOverlapOpen.With(("service", request.Service!.Value), ("from", overlapping.ValidFrom)),
                "validFrom");
        }

        var tariff = new TariffRecord
        {
            ContractId = request.ContractId,
            Service = request.Service!.Value,
            Price = request.Price!.Value,
            Copay = request.Copay ?? 0m,
            ValidFrom = request.ValidFrom!.Value,
            ValidTo = request.ValidTo,
            CopayExemptBenefits = [.. (request.CopayExemptBenefits ?? []).Distinct()],
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = user.Subject,
        };
        db.Tariffs.Add(tariff);
        audit.Add(user, $"Tariff/{tariff.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return View(tariff);
    }

    public async Task<Outcome<IReadOnlyList<TariffView>>> ListTariffsAsync(CurrentUser user, Guid? contractId, CancellationToken ct)
    {
        if (contractId is { } id && !await (await ContractsOfAsync(user, ct)).AnyAsync(c => c.Id == id, ct))
        {
            return Failure.NotFound();
        }

        var tariffs = await db.Tariffs.AsNoTracking().Where(t => t.ContractId == contractId).OrderBy(t => t.Service).ThenBy(t => t.ValidFrom).ToListAsync(ct);
        return tariffs.Select(View).ToList();
    }

    public async Task<Outcome<ContractView>> CreateContractAsync(CurrentUser user, CreateContractRequest request, CancellationToken ct)
    {
        if (await access.PayerOfAsync(user, ct) is not { } payerId)
        {
            return Failure.Of(ApiErrorCodes.PayerOnly);
        }

        var errors = new ValidationErrors();
        if (request.ProviderId is not { } providerId || !await db.Providers.AnyAsync(p => p.Id == providerId, ct))
        {
            errors.Add("providerId", ApiErrorCodes.UnknownProvider);
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors.Add("name", ErrorCodes.RequiredMaxLength.With(("max", 200)));
        }

        if (request.ValidFrom is null)
        {
            errors.Add("validFrom", ErrorCodes.Required);
        }
        else if (request.ValidTo < request.ValidFrom)
        {
            errors.Add("validTo", ErrorCodes.NotBefore.With(("other", "validFrom")));
        }

        if (request.CoFinancingShare is < 0m or > 1m || request.CoFinancingShare is { } share && decimal.Round(share, 4) != share)
        {
            errors.Add("coFinancingShare", ApiErrorCodes.Fraction);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var contract = new Contract
        {
            PayerId = payerId,
            ProviderId = request.ProviderId!.Value,
            Name = request.Name!.Trim(),
            ValidFrom = request.ValidFrom!.Value,
            ValidTo = request.ValidTo,
            StatusChangedAt = now,
            StatusChangedBy = user.Subject,
            CreatedAt = now,
            CreatedBy = user.Subject,
            StatusHistory = [new ContractStatusChange { To = ContractStatus.Draft, At = now, By = user.Subject }],
            Versions =
            [
                new ContractVersion
                {
                    Number = 1,
                    ValidFrom = request.ValidFrom!.Value,
                    ValidTo = request.ValidTo,
                    CoFinancingShare = request.CoFinancingShare ?? 0m,
                    CreatedAt = now,
                    CreatedBy = user.Subject,
                },
            ],
        };
        db.Contracts.Add(contract);
        audit.Add(user, $"Contract/{contract.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return View(contract);
    }

    public async Task<Outcome<IReadOnlyList<ContractView>>> ListContractsAsync(CurrentUser user, CancellationToken ct) =>
        (await (await ContractsOfAsync(user, ct)).AsNoTracking().Include(c => c.Versions).OrderBy(c => c.ValidFrom).ToListAsync(ct)).Select(View).ToList();

    private async Task<IQueryable<Contract>> ContractsOfAsync(CurrentUser user, CancellationToken ct)
    {
        if (await access.PayerOfAsync(user, ct) is { } payer)
        {
            return db.Contracts.Where(c => c.PayerId == payer);
        }

        return await access.ProviderOfAsync(user, ct) is { } provider
            ? db.Contracts.Where(c => c.ProviderId == provider)
            : db.Contracts.Where(_ => false);
    }

    private static void Money(ValidationErrors errors, string field, decimal? amount, bool required)
    {
        if (amount is null)
        {
            if (required)
            {
                errors.Add(field, ErrorCodes.Required);
            }
        }
        else if (amount < 0m || amount > 1_000_000m || decimal.Round(amount.Value, 2) != amount)
        {
            errors.Add(field, ApiErrorCodes.Amount);
        }
    }

    private static TariffView View(TariffRecord t) => new(t.Id, t.ContractId, t.Service, t.Price, t.Copay, t.ValidFrom, t.ValidTo, t.CopayExemptBenefits);

    private static ContractView View(Contract c) => new(c.Id, c.PayerId, c.ProviderId, c.Name, c.ValidFrom, c.ValidTo, c.Versions.MaxBy(v => v.Number)?.CoFinancingShare ?? 0m);
}
