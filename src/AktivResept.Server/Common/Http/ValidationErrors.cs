namespace AktivResept.Server.Common.Http;

/// <summary>Collects field-level errors, keyed by the JSON field name the caller sent.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public static ValidationErrors Single(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public Microsoft.AspNetCore.Http.HttpResults.ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(ToDictionary(), title: "The request has invalid fields");
}
