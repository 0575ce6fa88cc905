using AktivResept.Server.Common.Http;
using AktivResept.Server.Components.Localization;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Shared;

/// <summary>
/// The messages a form shows: per field (keyed like the handler's ValidationErrors, e.g. "participant.nationalId")
/// and general ones, already in the person's language.
/// </summary>
public sealed class FormErrors(IStringLocalizer<UiText> t)
{
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _general = [];

    public bool Any => _fields.Count > 0 || _general.Count > 0;

    public IReadOnlyList<string> General => _general;

    public IEnumerable<(string Field, string Message)> Fields =>
        _fields.SelectMany(f => f.Value.Select(m => (f.Key, m)));

    public IReadOnlyList<string> For(string field) => _fields.TryGetValue(field, out var list) ? list : [];

    /// <summary>Adds a message that is already localised.</summary>
    public void Add(string field, string message)
    {
        if (!_fields.TryGetValue(field, out var list))
        {
            _fields[field] = list = [];
        }

        list.Add(message);
    }

    public void Replace(string field, string message)
    {
        _fields.Remove(field);
        Add(field, message);
    }

    /// <summary>Takes a failed outcome's messages: validation errors by field, a conflict at its field if it names one.</summary>
    public void AddOutcome<TValue>(Outcome<TValue> outcome, params string[] formFields)
    {
        if (outcome.Errors is { } errors)
        {
            foreach (var (field, fieldErrors) in errors.ToDictionary())
            {
                foreach (var fieldError in fieldErrors)
                {
                    Add(field, ErrorText.Localize(t, fieldError));
                }
            }

            return;
        }

        var text = outcome.Error is { } error ? ErrorText.Localize(t, error) : outcome.Kind.ToString();
        if (outcome.Field is { } at && formFields.Contains(at))
        {
            Add(at, text);
        }
        else
        {
            _general.Add(text);
        }
    }

    /// <summary>
    /// Like <see cref="AddOutcome{TValue}"/> for a form that is one of several on a page: the handler's field keys are
    /// prefixed (e.g. "reason" → "dismiss-…reason") so each message lands at that form's own input.
    /// </summary>
    public void AddOutcomeAt<TValue>(string prefix, Outcome<TValue> outcome, params string[] handlerFields)
    {
        var own = new FormErrors(t);
        own.AddOutcome(outcome, handlerFields);
        _general.AddRange(own.General);
        foreach (var (field, message) in own.Fields)
        {
            Add(prefix + field, message);
        }
    }

    /// <summary>The id of the input a field key belongs to, for labels, aria-describedby and error-summary links.</summary>
    public static string IdFor(string field) => "f-" + field.Replace('.', '-');
}
