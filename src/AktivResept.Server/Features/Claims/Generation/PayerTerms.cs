using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Payers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Generation;

/// <summary>
/// Who pays for a prescription (<see cref="ContractPopulation.Pays"/>) and on what terms. State funding goes to the state payer on the national tariffs;
/// municipal funding to the participant's home municipality; employer funding to the employer named on the
/// prescription. A contract between the payer and the provider with an activated version in force in the month brings
/// its own tariffs (if it has any) and that version's co-financing share (<see cref="VersionInForce"/>).
/// </summary>
public sealed class PayerTerms(AktivDbContext db)
{
    private List<Payer>? _payers;
    private readonly Dictionary<Guid, PricingTerms> _terms = [];

    public async Task<(Payer? Payer, Error? Problem)> PayerForAsync(PrescriptionRow prescription, CancellationToken ct)
    {
        _payers ??= await db.Payers.AsNoTracking().ToListAsync(ct);
        var payer = _payers.FirstOrDefault(p => ContractPopulation.Pays(p, prescription.Funding, prescription.FundingOrganisation, prescription.Kommunenummer));
        return prescription.Funding switch
        {
            _ when payer is not null => (payer, null),
            FundingSource.StateReimbursed => (null, ApiErrorCodes.NoStatePayer),
            FundingSource.Municipality => (null, ApiErrorCodes.NoMunicipalityPayer.With(("kommunenummer", prescription.Kommunenummer))),
            FundingSource.EmployerPaid when prescription.FundingOrganisation is null => (null, ApiErrorCodes.NoEmployer),
            FundingSource.EmployerPaid => (null, ApiErrorCodes.NoEmployerPayer.With(("organisationNumber", prescription.FundingOrganisation!))),
            _ => (null, ApiErrorCodes.SelfPaid),
        };
    }

    /// <summary>A payer by id: an «Aktiv på dagtid» programme names the payer of its claims.</summary>
    public async Task<Payer?> PayerAsync(Guid payerId, CancellationToken ct)
    {
        _payers ??= await db.Payers.AsNoTracking().ToListAsync(ct);
        return _payers.FirstOrDefault(p => p.Id == payerId);
    }

    public async Task<PricingTerms> TermsAsync(Payer payer, Guid providerId, DateOnly month, CancellationToken ct)
    {
        if (_terms.TryGetValue(payer.Id, out var cached))
        {
            return cached;
        }

        var last = month.AddMonths(1).AddDays(-1);
        var versions = await db.ContractVersions.AsNoTracking()
            .Where(v => db.Contracts.Any(c => c.Id == v.ContractId && c.PayerId == payer.Id && c.ProviderId == providerId))
            .Where(v => v.Status == ContractVersionStatus.Active || v.Status == ContractVersionStatus.Superseded)
            .ToListAsync(ct);
        var version = VersionInForce.For(versions, month, last);
        var tariffs = version is null ? [] : await TariffsAsync(version.ContractId, ct);
        if (tariffs.Count == 0 && payer.Kind == PayerKind.State)
        {
            tariffs = await TariffsAsync(null, ct);
        }

        return _terms[payer.Id] = new PricingTerms(tariffs, version?.CoFinancingShare ?? 0m);
    }

    private async Task<List<Tariff>> TariffsAsync(Guid? contractId, CancellationToken ct) =>
        (await db.Tariffs.AsNoTracking().Where(t => t.ContractId == contractId).ToListAsync(ct)).Select(t => t.ToDomain()).ToList();

}
