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

    /// <summary>What <c>_sort</c> accepts (each also with '-' for descending); empty: the type has one fixed order.</summary>
    public IReadOnlyList<string> Sorts { get; init; } = [];

    /// <summary>What <c>_include</c> accepts, as <c>Type:param</c>.</summary>
    public IReadOnlyList<string> Includes { get; init; } = [];

    /// <summary>What <c>_revinclude</c> accepts, as <c>Type:param</c>.</summary>
    public IReadOnlyList<string> RevIncludes { get; init; } = [];

    /// <summary>Stored versions: vread and instance history (ServiceRequest, Task).</summary>
    public bool Versioned { get; init; }

    /// <summary>Create honours If-None-Exist (Patient).</summary>
    public bool ConditionalCreate { get; init; }
}
