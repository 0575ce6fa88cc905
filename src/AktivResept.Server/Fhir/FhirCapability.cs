using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir;

/// <summary>A search parameter we implement; <paramref name="Modifiers"/> lists the modifiers we accept (e.g. <c>contains</c>).</summary>
public sealed record FhirSearchParam(string Name, SearchParamType Type, string Documentation, params string[] Modifiers)
{
    /// <summary>The canonical definition of a standard parameter; custom ones are only documented.</summary>
    public string? Definition { get; init; }
}

/// <summary>
/// What the facade does with one resource type. The CapabilityStatement is built from these and search requests are
/// checked against them, so what we advertise and what we accept cannot drift apart.
/// </summary>
public sealed record FhirResourceCapability(
    string Type,
    IReadOnlyList<CapabilityStatement.TypeRestfulInteraction> Interactions,
    IReadOnlyList<FhirSearchParam> SearchParams,
    string Documentation)
{
    public FhirSearchParam? Param(string name) => SearchParams.FirstOrDefault(p => p.Name == name);
}
