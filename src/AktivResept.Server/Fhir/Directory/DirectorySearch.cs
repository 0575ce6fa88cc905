using System.Linq.Expressions;
using AktivResept.Domain.Identifiers;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Fhir.Directory;

/// <summary>Search helpers shared by the directory resources.</summary>
public static class DirectorySearch
{
    /// <summary>FHIR string matching on a name: starts with by default, <c>:contains</c> or <c>:exact</c>; case-insensitive except exact.</summary>
    public static IQueryable<T> ByName<T>(IQueryable<T> q, FhirQuery query, Expression<Func<T, string>> name)
    {
        if (query["name:exact"] is { } exact)
        {
            return q.Where(Compose(name, n => n == exact));
        }

        var pattern = query["name:contains"] is { } contains ? $"%{Escape(contains)}%"
            : query["name"] is { } start ? $"{Escape(start)}%"
            : null;
        // Translated to SQL lower(): no .NET culture is involved.
#pragma warning disable CA1304, CA1311
        return pattern is null ? q : q.Where(Compose(name, n => EF.Functions.Like(n.ToLower(), pattern, "\\")));
#pragma warning restore CA1304, CA1311
    }

    /// <summary>The kommunenumre of a <c>municipality</c> token search (system optional); empty when none is valid.</summary>
    public static List<string> Municipalities(string value) =>
        FhirReferences.Alternatives(value).Select(Token.Parse)
            .Where(t => t.IsIn(NationalIdSystems.Kommunenummer) && Kommunenummer.TryParse(t.Code, out _, out _))
            .Select(t => t.Code).ToList();

    public static async Task<(List<T> Page, int Total)> PageAsync<T>(IOrderedQueryable<T> ordered, FhirQuery query, CancellationToken ct)
    {
        var page = query.Count == 0 ? [] : await ordered.Skip(query.Offset).Take(query.Count).ToListAsync(ct);
        var total = query.Offset == 0 && page.Count < query.Count ? page.Count : await ordered.CountAsync(ct);
        return (page, total);
    }

    public static FhirSearchParam MunicipalityParam(string what) =>
        new("municipality", SearchParamType.Token, $"Custom: {what} by kommunenummer, [{NationalIdSystems.Kommunenummer}|]<4 digits>.");

    public static FhirSearchParam NameParam(string definition) =>
        new("name", SearchParamType.String, "Starts with (case-insensitive); name:contains and name:exact too.", "contains", "exact")
        {
            Definition = definition,
        };

    private static string Escape(string text) =>
        text.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static Expression<Func<T, bool>> Compose<T>(Expression<Func<T, string>> selector, Expression<Func<string, bool>> predicate)
    {
        var body = new ParameterReplacer(predicate.Parameters[0], selector.Body).Visit(predicate.Body);
        return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(body, selector.Parameters);
    }

    private sealed class ParameterReplacer(ParameterExpression from, System.Linq.Expressions.Expression to) : ExpressionVisitor
    {
        protected override System.Linq.Expressions.Expression VisitParameter(ParameterExpression node) =>
            node == from ? to : base.VisitParameter(node);
    }
}
