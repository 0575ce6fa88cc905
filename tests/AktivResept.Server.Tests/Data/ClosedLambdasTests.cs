using System.Linq.Expressions;
using AktivResept.Server.Data;
using AktivResept.Server.Data.Queries;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Data;

/// <summary>
/// A nested lambda that uses nothing from outside itself is compiled once and put in place as a delegate; a closure
/// and a quoted expression are left as they are; what the expression computes does not change.
/// </summary>
public sealed class ClosedLambdasTests
{
    [Fact]
    public void A_closed_nested_lambda_becomes_one_delegate_and_the_root_stays_a_lambda()
    {
        Expression<Func<int, int>> query = x => Apply(y => y * 2, x) + 1;

        var lifted = (Expression<Func<int, int>>)ClosedLambdas.Lift(query);

        Lambdas(lifted).ShouldBe(1);
        Constants<Func<int, int>>(lifted).ShouldBe(1);
        lifted.Compile()(20).ShouldBe(41);
    }

    [Fact]
    public void A_lambda_that_reads_a_variable_of_the_code_around_it_is_left_a_lambda()
    {
        Expression<Func<int, int>> query = x => Apply(y => y * x, 3);

        var lifted = (Expression<Func<int, int>>)ClosedLambdas.Lift(query);

        Lambdas(lifted).ShouldBe(2);
        Constants<Func<int, int>>(lifted).ShouldBe(0);
        lifted.Compile()(5).ShouldBe(15);
    }

    [Fact]
    public void Variables_a_lambda_declares_itself_keep_it_closed_and_a_closed_lambda_inside_a_closure_is_still_lifted()
    {
        var y = Expression.Parameter(typeof(int), "y");
        var local = Expression.Variable(typeof(int), "local");
        var closed = Expression.Lambda<Func<int, int>>(
            Expression.Block([local], Expression.Assign(local, Expression.Add(y, Expression.Constant(1))), local), y);
        var x = Expression.Parameter(typeof(int), "x");
        var z = Expression.Parameter(typeof(int), "z");
        var closure = Expression.Lambda<Func<int, int>>(Expression.Add(z, ApplyCall(closed, x)), z);
        var query = Expression.Lambda<Func<int, int>>(ApplyCall(closure, Expression.Constant(100)), x);

        var lifted = (Expression<Func<int, int>>)ClosedLambdas.Lift(query);

        Lambdas(lifted).ShouldBe(2);
        Constants<Func<int, int>>(lifted).ShouldBe(1);
        lifted.Compile()(5).ShouldBe(106);
    }

    [Fact]
    public void A_lambda_invoked_where_it_stands_stays_inline()
    {
        var y = Expression.Parameter(typeof(int), "y");
        var x = Expression.Parameter(typeof(int), "x");
        var query = Expression.Lambda<Func<int, int>>(
            Expression.Invoke(Expression.Lambda<Func<int, int>>(Expression.Multiply(y, Expression.Constant(3)), y), x), x);

        var lifted = (Expression<Func<int, int>>)ClosedLambdas.Lift(query);

        Lambdas(lifted).ShouldBe(2);
        Constants<Func<int, int>>(lifted).ShouldBe(0);
        lifted.Compile()(5).ShouldBe(15);
    }

    [Fact]
    public void A_quoted_lambda_stays_an_expression()
    {
        Expression<Func<int, Expression<Func<int, int>>>> query = x => Quoted(y => y + 1);

        var lifted = (Expression<Func<int, Expression<Func<int, int>>>>)ClosedLambdas.Lift(query);

        Lambdas(lifted).ShouldBe(2);
        lifted.Compile()(0).Compile()(1).ShouldBe(2);
    }

    [Theory]
    [InlineData(DatabaseModule.Postgres, "Host=localhost")]
    [InlineData(DatabaseModule.Sqlite, "Data Source=:memory:")]
    public void The_apps_contexts_compile_their_queries_with_the_lifting(string provider, string connection)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = provider, ["ConnectionStrings:Default"] = connection })
            .Build();
        using var services = new ServiceCollection().AddDatabase(configuration).BuildServiceProvider();
        using var scope = services.CreateScope();

#pragma warning disable EF9100 // The service the app replaces.
        scope.ServiceProvider.GetRequiredService<AktivDbContext>().GetService<ILiftableConstantProcessor>().ShouldBeOfType<DelegatesOnceConstantProcessor>();
#pragma warning restore EF9100
    }

    private static int Apply(Func<int, int> f, int value) => f(value);

    private static MethodCallExpression ApplyCall(Expression f, Expression value) =>
        Expression.Call(typeof(ClosedLambdasTests).GetMethod(nameof(Apply), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!, f, value);

    private static Expression<Func<int, int>> Quoted(Expression<Func<int, int>> expression) => expression;

    private static int Lambdas(Expression expression) => new Counter(e => e is LambdaExpression).Count(expression);

    private static int Constants<T>(Expression expression) => new Counter(e => e is ConstantExpression { Value: T }).Count(expression);

    private sealed class Counter(Func<Expression, bool> counts) : ExpressionVisitor
    {
        private int _count;

        public int Count(Expression expression)
        {
            Visit(expression);
            return _count;
        }

        public override Expression? Visit(Expression? node)
        {
            _count += node is not null && counts(node) ? 1 : 0;
            return base.Visit(node);
        }
    }
}
