using Hl7.Fhir.Utility;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>Codes of our own code systems are the enum member names (e.g. <c>SupervisedStrength</c>), matched exactly.</summary>
public static class Codes
{
    public static TEnum? Parse<TEnum>(string? code)
        where TEnum : struct, Enum =>
        code is not null && Enum.GetNames<TEnum>().Contains(code, StringComparer.Ordinal) ? Enum.Parse<TEnum>(code) : null;

    /// <summary>A FHIR enum from its wire code (e.g. <c>in-progress</c>).</summary>
    public static TEnum? FromFhirCode<TEnum>(string code)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Cast<TEnum?>().FirstOrDefault(v => v!.Value.GetLiteral() == code);

    public static string List<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());
}
