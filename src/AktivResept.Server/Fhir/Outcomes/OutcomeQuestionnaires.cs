using AktivResept.Domain.Outcomes;
using Hl7.Fhir.Model;

namespace AktivResept.Server.Fhir.Outcomes;

/// <summary>
/// A Questionnaire for each instrument the participant answers. The EQ-5D-5L wording is licensed by the EuroQol
/// Research Foundation, so the items here carry clearly marked placeholder text: a licensed deployment configures the
/// official wording in (docs/outcomes.md), and nothing here pretends to be it.
/// </summary>
public static class OutcomeQuestionnaires
{
    public const string Placeholder = "[Placeholder, not the licensed EQ-5D-5L wording] ";

    /// <summary>
    /// The definitions live in code, not in a table, so their <c>meta.lastUpdated</c> is when they were last changed
    /// here: move it forward with any change to an instrument's items (versionId, a digest, follows by itself).
    /// </summary>
    public static readonly DateTimeOffset Published = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    public static IEnumerable<Questionnaire> All() => InstrumentCatalogue.All.Where(i => i.IsQuestionnaire).Select(For);

    public static Questionnaire? Find(string id) =>
        InstrumentCatalogue.TryFind(id, out var instrument) && instrument.IsQuestionnaire ? For(instrument) : null;

    public static Questionnaire For(Instrument instrument)
    {
        var eq5d = instrument.Code == InstrumentCatalogue.Eq5d5l;
        return new Questionnaire
        {
            Id = instrument.Code,
            Meta = new Meta { LastUpdated = Published },
            Url = OutcomeMapping.QuestionnaireBase + instrument.Code,
            Name = instrument.Code.Replace("-", "_", StringComparison.Ordinal),
            Title = instrument.Display,
            Status = PublicationStatus.Active,
            SubjectType = [ResourceType.Patient],
            Code = [new Coding(OutcomeMapping.InstrumentSystem, instrument.Code, instrument.Display)],
            Copyright = eq5d ? "EQ-5D is a trade mark of the EuroQol Research Foundation; the item wording here is a placeholder." : null,
            Item = [.. instrument.Components.Select(c => new Questionnaire.ItemComponent
            {
                LinkId = c.Key,
                Text = (eq5d ? Placeholder : "") + c.Display,
                Type = c.WholeNumber ? Questionnaire.QuestionnaireItemType.Integer : Questionnaire.QuestionnaireItemType.Decimal,
                Required = true,
                Code = c.Loinc is null ? [] : [new Coding(FhirSystems.Loinc, c.Loinc, c.Display)],
                Extension =
                [
                    new Extension("http://hl7.org/fhir/StructureDefinition/minValue", c.WholeNumber ? new Integer((int)c.Min) : new FhirDecimal(c.Min)),
                    new Extension("http://hl7.org/fhir/StructureDefinition/maxValue", c.WholeNumber ? new Integer((int)c.Max) : new FhirDecimal(c.Max)),
                    new Extension("http://hl7.org/fhir/StructureDefinition/questionnaire-unit", new Coding(FhirSystems.Ucum, c.Unit, c.Unit)),
                ],
            })],
        };
    }
}
