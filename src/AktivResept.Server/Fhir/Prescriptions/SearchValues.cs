using AktivResept.Domain.Prescriptions;

namespace AktivResept.Server.Fhir.Prescriptions;

/// <summary>Turns comma-separated search values into the ids and states to filter on; empty when none is usable.</summary>
public static class SearchValues
{
    public static List<Guid> References(string value, string type) =>
        FhirReferences.Alternatives(value).Select(v => FhirReferences.IdOf(v, type, allowBareId: true)).OfType<Guid>().ToList();

    public static List<Guid> Identifiers(string value, string system) =>
        FhirReferences.Alternatives(value).Select(Token.Parse)
            .Where(t => t.IsIn(system))
            .Select(t => Guid.TryParse(t.Code, out var id) ? id : (Guid?)null)
            .OfType<Guid>().ToList();

    public static List<PrescriptionStatus> Statuses(string value, Func<string, PrescriptionStatus[]?> map) =>
        FhirReferences.Alternatives(value).SelectMany(code => map(code) ?? []).Distinct().ToList();
}
