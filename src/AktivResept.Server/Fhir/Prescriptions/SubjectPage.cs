using System.Linq.Expressions;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Queries;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>
/// The commonest search, compiled once: a referrer's prescriptions for given patients (<c>ServiceRequest?subject=</c>
/// from an EHR), in the default order, one page. Composed per request from the scope, the filter, the order and the
/// page, the same query spent about a sixth of the app's CPU on EF Core's per-execution preparation — the
/// expression trees built, their cache key hashed, the parameters extracted (docs/benchmarks.md, issue 19). Every
/// part is the rule the composed query uses: <see cref="PrescriptionScope.IssuedBy"/> for the scope (only when it is
/// the caller's whole scope, <see cref="PrescriptionScope.IssuerOnlyAsync"/>), <see cref="NewestFirst"/> for the order
/// and <see cref="PrescriptionReader.Rows"/> for what a page reads.
/// </summary>
public static class SubjectPage
{
    /// <summary>The default order of a prescription search: newest created first, the id breaking ties so pages by offset are stable.</summary>
    private static readonly Expression<Func<IQueryable<Prescription>, IOrderedQueryable<Prescription>>> NewestFirstRule = q =>
        q.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id);

    private static readonly Func<IQueryable<Prescription>, IOrderedQueryable<Prescription>> NewestFirstOrder = NewestFirstRule.Compile();

    /// <summary>The prescriptions in the default order (<see cref="NewestFirstRule"/>).</summary>
    [QueryRule(nameof(NewestFirstRule))]
    public static IOrderedQueryable<Prescription> NewestFirst(IQueryable<Prescription> prescriptions) => NewestFirstOrder(prescriptions);

    private static readonly Func<AktivDbContext, Guid, Guid[], int, int, IAsyncEnumerable<PrescriptionRow>> Query =
        EF.CompileAsyncQuery(QueryRules.Inline<Func<AktivDbContext, Guid, Guid[], int, int, IQueryable<PrescriptionRow>>>(
            (db, issuer, people, skip, take) => PrescriptionReader.Rows(
                db,
                NewestFirst(db.Prescriptions.AsNoTracking().Where(p => PrescriptionScope.IssuedBy(p, issuer) && people.Contains(p.ParticipantId)))
                    .Skip(skip).Take(take))));

    /// <summary>The page of prescriptions <paramref name="issuer"/> issued for any of <paramref name="people"/>, newest first.</summary>
    public static async Task<List<PrescriptionRow>> LoadAsync(
        AktivDbContext db, Guid issuer, IReadOnlyCollection<Guid> people, int offset, int count, CancellationToken ct)
    {
        var rows = new List<PrescriptionRow>(Math.Min(count, 16));
        await foreach (var row in Query(db, issuer, [.. people], offset, count).WithCancellation(ct))
        {
            rows.Add(row);
        }

        return rows;
    }
}
