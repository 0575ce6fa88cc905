using System.Reflection;

namespace AktivResept.Domain.Errors;

/// <summary>Lists the codes a catalogue class declares, so tests can check that each has UI text and is unique.</summary>
public static class ErrorCatalogue
{
    public static IReadOnlyList<ErrorCode> Of(params Type[] catalogues) =>
        [.. catalogues
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(ErrorCode))
            .Select(f => (ErrorCode)f.GetValue(null)!)];
}
