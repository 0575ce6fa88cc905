using AktivResept.Domain.Programmes;
using AktivResept.Server.Data;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// «I kommuner som ikke leverer «Aktiv på dagtid» må alle treningssentre få mulighet til å levere tilbudet, med lik
/// finansieringstilgang som kommunen»: the one rule for "where the municipality has none". A municipality offers its
/// own programme when one it runs, or one a gym runs under its contract, has not ended; only where it offers none may
/// any gym run one on state funding at the national tariff.
/// </summary>
public static class MunicipalOffer
{
    public static IQueryable<Programme> OwnProgrammes(AktivDbContext db, string kommunenummer) =>
        db.Programmes.Where(p => p.Kommunenummer == kommunenummer && p.EndedAt == null
            && (p.Operator == ProgrammeOperator.Municipality || p.Operator == ProgrammeOperator.GymUnderContract));

    /// <summary>Whether a gym may run a programme on state funding in the municipality (it offers none of its own).</summary>
    public static IQueryable<bool> OpenToStateFundedGyms(AktivDbContext db, string kommunenummer) =>
        db.Municipalities.Where(m => m.Kommunenummer == kommunenummer).Select(m => !OwnProgrammes(db, kommunenummer).Any());
}
