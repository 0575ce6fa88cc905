using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace AktivResept.Server.Data.Queries;

/// <summary>
/// Marks a static predicate method whose rule is written once as an expression (the static field named here), so
/// queries can use the rule by calling the method and <see cref="QueryRules.Inline{T}"/> puts the expression in its place.
/// That is what lets a compiled query (<c>EF.CompileAsyncQuery</c>, which takes one fixed lambda) and an ordinary
/// <see cref="IQueryable{T}"/> filter share an access rule instead of each spelling it out.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class QueryRuleAttribute(string expressionField) : Attribute
{
    public string ExpressionField { get; } = expressionField;
}

public static class QueryRules
{
    private static readonly ConcurrentDictionary<MethodInfo, LambdaExpression?> Rules = new();

    /// <summary>The query with each call to a <see cref="QueryRuleAttribute"/> method replaced by its rule's expression.</summary>
    public static Expression<T> Inline<T>(Expression<T> query) => (Expression<T>)new Inliner().Visit(query);

    private sealed class Inliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (Rules.GetOrAdd(node.Method, RuleOf) is not { } lambda)
            {
                return base.VisitMethodCall(node);
            }

            var arguments = node.Arguments.Select(Visit).ToList();
            return Visit(new Substitution(lambda.Parameters, arguments!).Visit(lambda.Body));
        }
    }

    private static LambdaExpression? RuleOf(MethodInfo method)
    {
        if (method.GetCustomAttribute<QueryRuleAttribute>() is not { } rule)
        {
            return null;
        }

        var field = method.DeclaringType!.GetField(rule.ExpressionField, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{method.Name}'s rule field {rule.ExpressionField} does not exist.");
        return (LambdaExpression)field.GetValue(null)!;
    }

    private sealed class Substitution(IReadOnlyList<ParameterExpression> parameters, IReadOnlyList<Expression> arguments) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i] == node)
                {
                    return arguments[i];
                }
            }

            return node;
        }
    }
}
