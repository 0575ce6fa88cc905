using System.Globalization;
using AktivResept.Domain.Outcomes;
using AktivResept.Server.Features.Outcomes;
using Hl7.Fhir.Model;
using static AktivResept.Server.Fhir.Prescriptions.PrescriptionReferences;

namespace AktivResept.Server.Fhir.Outcomes;

/// <summary>
/// Outcome measurements as FHIR. The Observation id is the measurement's (its first version's id); meta.versionId is
/// the version, status final or, once corrected, amended. Category: the observation-category of the instrument plus
/// ours, <c>outcome</c> (adherence Observations carry <c>adherence</c>). Code: our instrument coding, and LOINC where the
/// instrument has one. The exercise vital sign follows the HL7 Physical Activity IG: the minutes-per-week Observation
/// (LOINC 82290-8) is derivedFrom the days-per-week (89555-7) and minutes-per-day (68516-4) Observations, which are
/// readable as <c>{id}-days</c> and <c>{id}-minutes</c>. Answers the participant gave are also a QuestionnaireResponse
/// with the same id, which the Observation is derivedFrom.
/// </summary>
public static class OutcomeMapping
{
    public const string InstrumentSystem = FhirSystems.Base + "/CodeSystem/outcome-instrument";
    public const string KindSystem = FhirSystems.Base + "/CodeSystem/observation-kind";
    public const string TimepointExtension = FhirSystems.Base + "/StructureDefinition/outcome-timepoint";
    public const string ValueSetExtension = FhirSystems.Base + "/StructureDefinition/eq5d-value-set";
    public const string QuestionnaireBase = FhirSystems.Base + "/Questionnaire/";
    public const string DaysSuffix = "-days";
    public const string MinutesSuffix = "-minutes";

    public static IEnumerable<Observation> Observations(OutcomeView m)
    {
        var instrument = InstrumentCatalogue.Get(m.Instrument);
        var main = Base(m, instrument, m.ChainId.ToString());
        main.Code = Code(instrument.Code, instrument.Display, instrument.Loinc);
        main.Value = Quantity(m.Score, instrument.Unit);
        if (m.ValueSet is { } valueSet)
        {
            main.Extension.Add(new Extension(ValueSetExtension, new FhirString(valueSet)));
        }

        if (m.Instrument == InstrumentCatalogue.ExerciseVitalSign)
        {
            main.DerivedFrom.Add(new ResourceReference($"Observation/{m.ChainId}{DaysSuffix}"));
            main.DerivedFrom.Add(new ResourceReference($"Observation/{m.ChainId}{MinutesSuffix}"));
        }
        else if (instrument.Components.Count > 1)
        {
            main.Component = [.. instrument.Components.Select(c => new Observation.ComponentComponent
            {
                Code = Code($"{instrument.Code}.{c.Key}", c.Display, c.Loinc),
                Value = Quantity(m.Values[c.Key], c.Unit),
            })];
        }

        if (m.RecordedByRole == Common.Auth.Roles.Participant && instrument.IsQuestionnaire)
        {
            main.DerivedFrom.Add(new ResourceReference($"QuestionnaireResponse/{m.ChainId}"));
        }

        yield return main;
        if (m.Instrument == InstrumentCatalogue.ExerciseVitalSign)
        {
            foreach (var (suffix, component) in new[] { (DaysSuffix, instrument.Components[0]), (MinutesSuffix, instrument.Components[1]) })
            {
                var member = Base(m, instrument, $"{m.ChainId}{suffix}");
                member.Code = Code($"{instrument.Code}.{component.Key}", component.Display, component.Loinc);
                member.Value = Quantity(m.Values[component.Key], component.Unit);
                yield return member;
            }
        }
    }

    public static QuestionnaireResponse Response(OutcomeView m)
    {
        var instrument = InstrumentCatalogue.Get(m.Instrument);
        return new QuestionnaireResponse
        {
            Id = m.ChainId.ToString(),
            Meta = new Meta { VersionId = m.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = m.RecordedAt },
            Questionnaire = QuestionnaireBase + instrument.Code,
            Status = m.Version > 1 ? QuestionnaireResponse.QuestionnaireResponseStatus.Amended : QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            BasedOn = [ServiceRequest(m.PrescriptionId)],
            Subject = new ResourceReference($"Patient/{m.ParticipantId}"),
            Source = new ResourceReference($"Patient/{m.ParticipantId}"),
            Authored = Instant(m.EffectiveAt),
            Item = [.. instrument.Components.Select(c => new QuestionnaireResponse.ItemComponent
            {
                LinkId = c.Key,
                Text = c.Display,
                Answer = [new QuestionnaireResponse.AnswerComponent { Value = c.WholeNumber ? new Integer((int)m.Values[c.Key]) : new FhirDecimal(m.Values[c.Key]) }],
            })],
        };
    }

    public static CodeableConcept Code(string code, string display, string? loinc)
    {
        var concept = new CodeableConcept(InstrumentSystem, code, display, display);
        if (loinc is not null)
        {
            concept.Coding.Insert(0, new Coding(FhirSystems.Loinc, loinc, display));
        }

        return concept;
    }

    public static string CategoryCode(OutcomeCategory category) => category switch
    {
        OutcomeCategory.Activity => "activity",
        OutcomeCategory.Exam => "exam",
        OutcomeCategory.Survey => "survey",
        OutcomeCategory.VitalSigns => "vital-signs",
        _ => "social-history",
    };

    private static Observation Base(OutcomeView m, Instrument instrument, string id)
    {
        var observation = new Observation
        {
            Id = id,
            Meta = new Meta { VersionId = m.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = m.RecordedAt },
            Status = m.Version > 1 ? ObservationStatus.Amended : ObservationStatus.Final,
            BasedOn = [ServiceRequest(m.PrescriptionId)],
            Category =
            [
                new CodeableConcept(FhirSystems.ObservationCategory, CategoryCode(instrument.Category)),
                new CodeableConcept(KindSystem, "outcome", "Outcome measure", null),
            ],
            Subject = new ResourceReference($"Patient/{m.ParticipantId}"),
            Effective = new FhirDateTime(m.EffectiveAt.ToUniversalTime()),
            Issued = m.RecordedAt,
        };
        if (m.Timepoint is { } timepoint)
        {
            observation.Extension.Add(new Extension(TimepointExtension, new Code(timepoint)));
        }

        return observation;
    }

    private static Quantity Quantity(decimal value, string unit) => new() { Value = value, Unit = unit, System = FhirSystems.Ucum, Code = unit };
}
