using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace AktivResept.Server.Data.Queries;

#pragma warning disable EF9100 // The constant processor is the last step before EF Core compiles a query's executor: the one place to see all of it.

/// <summary>
/// EF Core's last step (the relational one both providers use) before it compiles a query's executor (it puts the query's constants in place), followed by
/// <see cref="ClosedLambdas.Lift"/>, so the executor makes no delegate per row it reads. Registered for every
/// <see cref="AktivDbContext"/> the app uses (<see cref="DatabaseModule"/>).
/// </summary>
public sealed class DelegatesOnceConstantProcessor(
    ShapedQueryCompilingExpressionVisitorDependencies dependencies,
    RelationalShapedQueryCompilingExpressionVisitorDependencies relationalDependencies,
    RelationalCommandBuilderDependencies commandBuilderDependencies)
    : RelationalLiftableConstantProcessor(dependencies, relationalDependencies, commandBuilderDependencies)
{
    public override Expression InlineConstants(Expression expression, bool supportsPrecompiledQuery) =>
        ClosedLambdas.Lift(base.InlineConstants(expression, supportsPrecompiledQuery));
}
