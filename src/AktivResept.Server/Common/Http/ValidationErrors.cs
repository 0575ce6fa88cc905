using AktivResept.Domain.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Common.Http;

/// <summary>Collects field-level errors, keyed by the JSON field name the caller sent.</summary>
public sealed class ValidationErrors
{
    public const string Title = "The request has invalid fields";

    private readonly Dictionary<string, List<Error>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public static ValidationErrors Single(string field, Error error)
    {
        var errors = new ValidationErrors();
        errors.Add(field, error);
        return errors;
    }

    public void Add(string field, Error error)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(error);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<Error>> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => (IReadOnlyList<Error>)e.Value.AsReadOnly(), StringComparer.Ordinal);

    /// <summary>The RFC 9457 <c>errors</c> member: field → [{ code, message, args }].</summary>
    public IDictionary<string, Error[]> ToWire() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public ProblemHttpResult ToProblem() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: Title,
            extensions: new Dictionary<string, object?> { ["errors"] = ToWire() });
}
