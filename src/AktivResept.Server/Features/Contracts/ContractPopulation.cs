using AktivResept.Domain.Claims;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Payers;

namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// Who pays for a prescription, and so which prescriptions a contract covers: state funding is the state payer's;
/// municipal funding the participant's home municipality's; employer funding the employer the prescription names.
/// Claims find a prescription's payer with <see cref="Pays"/>; a contract covers the prescriptions sent to its provider
/// that its payer pays for (<see cref="Of"/>, the same rule as a query), which is what its KPIs are computed over.
/// </summary>
public static class ContractPopulation
{
    public static bool Pays(Payer payer, FundingSource funding, string? fundingOrganisation, string participantKommunenummer) => funding switch
    {
        FundingSource.StateReimbursed => payer.Kind == PayerKind.State,
        FundingSource.Municipality => payer.Kind == PayerKind.Municipality && payer.Kommunenummer == participantKommunenummer,
        FundingSource.EmployerPaid => payer.Kind == PayerKind.Employer && fundingOrganisation is not null && payer.OrganisationNumber == fundingOrganisation,
        _ => false,
    };

    /// <summary>The prescriptions sent to <paramref name="providerId"/> that <paramref name="payer"/> pays for.</summary>
    public static IQueryable<Prescription> Of(AktivDbContext db, Payer payer, Guid providerId) =>
        PaidBy(db, payer, db.Prescriptions.Where(p => p.ProviderId == providerId));

    /// <summary>The prescriptions sent to any of <paramref name="providerIds"/> that <paramref name="payer"/> pays for (a payer's contracts read together).</summary>
    public static IQueryable<Prescription> Of(AktivDbContext db, Payer payer, Guid[] providerIds) =>
        PaidBy(db, payer, db.Prescriptions.Where(p => p.ProviderId != null && providerIds.Contains(p.ProviderId.Value)));

    private static IQueryable<Prescription> PaidBy(AktivDbContext db, Payer payer, IQueryable<Prescription> sent) => payer.Kind switch
    {
        PayerKind.State => sent.Where(p => p.Funding == FundingSource.StateReimbursed),
        PayerKind.Municipality => sent.Where(p => p.Funding == FundingSource.Municipality
            && db.People.Any(person => person.Id == p.ParticipantId && person.Kommunenummer == payer.Kommunenummer)),
        PayerKind.Employer => sent.Where(p => p.Funding == FundingSource.EmployerPaid && p.FundingOrganisation == payer.OrganisationNumber),
        _ => sent.Where(_ => false),
    };
}
