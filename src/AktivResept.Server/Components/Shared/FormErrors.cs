using AktivResept.Domain.Errors;
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
    private readonly Dictionary<string, List<Entry>> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _general = [];

    public bool Any => _fields.Count > 0 || _general.Count > 0;

    public IReadOnlyList<string> General => _general;

    public IEnumerable<(string Field, string Message)> Fields =>
        _fields.SelectMany(f => f.Value.Select(m => (f.Key, m.Text)));

    public IReadOnlyList<string> For(string field) => _fields.TryGetValue(field, out var list) ? [.. list.Select(e => e.Text)] : [];

    /// <summary>
    /// A field's messages as its label shows them: an empty required field says «Fyll inn &lt;label&gt;» (English
    /// «Enter &lt;label&gt;») instead of a message that does not name it.
    /// </summary>
    public IReadOnlyList<string> For(string field, string? label) =>
        _fields.TryGetValue(field, out var list) ? [.. list.Select(e => Named(e, label) ?? e.Text)] : [];

    /// <summary>
    /// Every field message for the error summary, with the field's label: a message that names its field already
    /// (<c>NamesField</c>) reads on its own, any other reads "Label: message".
    /// </summary>
    public IEnumerable<(string Field, string Message, bool NamesField)> Labelled(Func<string, string?> labelOf) =>
        _fields.SelectMany(f => f.Value.Select(e => Named(e, labelOf(f.Key)) is { } named ? (f.Key, named, true) : (f.Key, e.Text, false)));

    /// <summary>Adds a message that is already localised.</summary>
    public void Add(string field, string message) => Add(field, new Entry(message, null));

    private void Add(string field, Entry entry)
    {
        if (!_fields.TryGetValue(field, out var list))
        {
            _fields[field] = list = [];
        }

        list.Add(entry);
    }

    private string? Named(Entry entry, string? label) =>
        entry.Error is { } error && !string.IsNullOrWhiteSpace(label) ? ErrorText.NamingField(t, error, label) : null;

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
                    Add(field, new Entry(ErrorText.Localize(t, fieldError), fieldError));
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
        foreach (var (field, entries) in own._fields)
        {
            entries.ForEach(e => Add(prefix + field, e));
        }
    }

    /// <summary>The id of the input a field key belongs to, for labels, aria-describedby and error-summary links.</summary>
    public static string IdFor(string field) => "f-" + field.Replace('.', '-');

    /// <summary>A localised message, with the catalogue error behind it when there is one (so it can name its field).</summary>
    private sealed record Entry(string Text, Error? Error);
}
