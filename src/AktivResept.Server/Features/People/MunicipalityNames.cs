using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.People;

/// <summary>
/// A municipality's name by its kommunenummer — null when we do not serve it — read the same way wherever a feature
/// shows one (a query that needs the name inside a larger projection joins it there). Compiled once: a FHIR Patient
/// registration and every Patient read run it.
/// </summary>
public static class MunicipalityNames
{
    private static readonly Func<AktivDbContext, string, CancellationToken, Task<string?>> ByNumber =
        EF.CompileAsyncQuery((AktivDbContext db, string kommunenummer, CancellationToken ct) =>
            db.Municipalities.AsNoTracking().Where(m => m.Kommunenummer == kommunenummer).Select(m => (string?)m.Name).FirstOrDefault());

    public static Task<string?> OfAsync(AktivDbContext db, string kommunenummer, CancellationToken ct) => ByNumber(db, kommunenummer, ct);
}
