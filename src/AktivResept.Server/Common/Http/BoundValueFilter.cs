using System.Reflection;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// Checks what an /api endpoint binds from the route, query string and headers before the handler runs (JSON bodies
/// are checked while they are read, by <see cref="StoredTextJsonConverter"/>): text passes <see cref="StoredText"/>,
/// and numbers must be finite, since <c>double.Parse</c> happily reads "NaN" and "Infinity" and every range check
/// written as <c>x is &lt;= 0 or &gt; max</c> lets NaN through. A refusal is a 400 naming the parameter.
/// </summary>
public static class BoundValueFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((p, i) => (Index: i, Name: NameOf(p), Check: CheckFor(p.ParameterType)))
            .Where(p => p.Check is not null)
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            ValidationErrors? errors = null;
            foreach (var (index, name, check) in checks)
            {
                if (check!(invocation.Arguments[index]) is { } error)
                {
                    (errors ??= new ValidationErrors()).Add(name, error);
                }
            }

            return errors is null ? next(invocation) : ValueTask.FromResult<object?>(errors.ToProblem());
        };
    }

    private static Func<object?, Error?>? CheckFor(Type type) =>
        type == typeof(string) ? value => value is string text ? StoredText.Check(text) : null
        : type == typeof(string[]) ? value => (value as string[] ?? []).Select(t => StoredText.Check(t)).FirstOrDefault(e => e is not null)
        : type == typeof(double) || type == typeof(double?) ? value => value is double d && !double.IsFinite(d) ? ErrorCodes.NotFinite.With() : null
        : type == typeof(float) || type == typeof(float?) ? value => value is float f && !float.IsFinite(f) ? ErrorCodes.NotFinite.With() : null
        : null;

    private static string NameOf(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
        ?? parameter.GetCustomAttributes().OfType<IFromHeaderMetadata>().FirstOrDefault()?.Name
        ?? parameter.GetCustomAttributes().OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
        ?? parameter.Name
        ?? "$";
}
