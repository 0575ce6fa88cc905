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

public sealed record TariffView(Guid Id, Guid? ContractId, ServiceType Service, decimal Price, decimal Copay, DateOnly ValidFrom, DateOnly? ValidTo, IReadOnlyList<BenefitKind> CopayExemptBenefits);

/// <summary>
/// Payers keep their tariffs: the state payer the national schedule, any payer its own contracts' schedules (contracts
/// themselves are managed in Features/Contracts). A tariff is never edited: a new price is a new tariff from a later date, and two tariffs for the same
/// service may not be in force on the same day. Claim lines copy their amounts, so nothing here changes a submitted claim.
/// </summary>
public sealed class TariffAdmin(AktivDbContext db, CallerRelationships access, ContractAccess contracts, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<TariffView>> CreateTariffAsync(CurrentUser user, CreateTariffRequest request, CancellationToken ct)
    {
        if (await CheckAsync(user, request, ct) is { } refused)
        {
            return refused;
        }

        var overlapping = (await db.Tariffs.AsNoTracking().Where(t => t.ContractId == request.ContractId && t.Service == request.Service).ToListAsync(ct))
            .FirstOrDefault(t => t.ToDomain().Overlaps(request.ValidFrom!.Value, request.ValidTo));
        if (overlapping is not null)
        {
            return OverlapFailure(overlapping, "validFrom");
        }

        var tariff = Add(user, request);
        await db.SaveChangesAsync(ct);
        return View(tariff);
    }

    /// <summary>
    /// What every new tariff (a first one or a new version) must satisfy: a payer, amounts in whole øre, dates in
    /// order, and a schedule that is the caller's (its contract, or the national one for the state payer). Null: fine.
    /// </summary>
    internal async Task<Failure?> CheckAsync(CurrentUser user, CreateTariffRequest request, CancellationToken ct)
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

        return null;
    }

    /// <summary>A new tariff as the request describes it (checked by <see cref="CheckAsync"/>), added and audited, not yet saved.</summary>
    internal TariffRecord Add(CurrentUser user, CreateTariffRequest request)
    {
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
        return tariff;
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

    private async Task<IQueryable<Contract>> ContractsOfAsync(CurrentUser user, CancellationToken ct) =>
        contracts.Visible(await contracts.PartyAsync(user, ct));

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

    /// <summary>409: another tariff for the service is in force on some of the same days; it names that tariff.</summary>
    internal static Failure OverlapFailure(TariffRecord overlapping, string field) =>
        Failure.Of(
            overlapping.ValidTo is { } to
                ? ApiErrorCodes.TariffOverlap.With(("service", overlapping.Service), ("from", overlapping.ValidFrom), ("to", to))
                : ApiErrorCodes.TariffOverlapOpen.With(("service", overlapping.Service), ("from", overlapping.ValidFrom)),
            field);

    internal static TariffView View(TariffRecord t) => new(t.Id, t.ContractId, t.Service, t.Price, t.Copay, t.ValidFrom, t.ValidTo, t.CopayExemptBenefits);

}
