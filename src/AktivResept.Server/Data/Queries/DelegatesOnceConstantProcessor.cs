using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace AktivResept.Server.Data.Queries;

#pragma warning disable EF9100 // The constant processor is the last step before EF Core compiles a query's executor: the one place to see all of it.

/// <summary>
/// EF Core's last step before it compiles a query's executor (the relational one both providers use: it puts the
/// query's constants in place), followed by <see cref="ClosedLambdas.Lift"/>, so the executor makes no delegate per row
/// it reads. Registered for every <see cref="AktivDbContext"/> the app uses (<see cref="DatabaseModule"/>).
/// </summary>
public sealed class DelegatesOnceConstantProcessor(
    ShapedQueryCompilingExpressionVisitorDependencies dependencies,
    RelationalShapedQueryCompilingExpressionVisitorDependencies relationalDependencies,
    RelationalCommandBuilderDependencies commandBuilderDependencies)
    : RelationalLiftableConstantProcessor(dependencies, relationalDependencies, commandBuilderDependencies)
{
    public override Expression InlineConstants(Expression expression, bool supportsPrecompiledQuery) =>
        // The executor EF Core hands in (and casts back) is always a lambda: Expression<Func<QueryContext, TResult>>.
        ClosedLambdas.Lift((LambdaExpression)base.InlineConstants(expression, supportsPrecompiledQuery));
}
