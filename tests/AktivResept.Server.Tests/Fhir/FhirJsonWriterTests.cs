using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AktivResept.Server.Fhir;
using AktivResept.Server.Fhir.Json;
using FsCheck.Xunit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>
/// <see cref="FhirJsonWriter"/> writes the bytes Firely's serialiser writes, for every shape FHIR JSON has: primitives
/// split into a value and an '_' part, lists of them with null gaps, choices named by their type, contained and nested
/// resources, empty objects left out — on fixed resources, the Physical Activity IG's referrals, and random ones.
/// </summary>
public sealed class FhirJsonWriterTests
{
    private static readonly FhirJsonSerializer FirelySerializer = new();

    public static TheoryData<string> Fixed => [.. FixedResources.Keys];

    [Theory]
    [MemberData(nameof(Fixed))]
    public void Writes_what_Firely_writes(string name)
    {
        var resource = FixedResources[name]();

        foreach (var options in Options)
        {
            Write(resource, options).ShouldBe(Firely(resource, options));
        }
    }

    [Theory]
    [InlineData("ExampleServiceRequest")]
    [InlineData("Scen2ServiceRequest")]
    [InlineData("Scen3ServiceRequest")]
    public void Writes_the_Physical_Activity_IGs_referrals_as_Firely_does(string example)
    {
        using var stream = typeof(FhirJsonWriterTests).Assembly.GetManifestResourceStream($"pa-ig.{example}.json")!;
        var resource = new FhirJsonDeserializer().Deserialize<ServiceRequest>(new StreamReader(stream).ReadToEnd());

        Write(resource, Relaxed).ShouldBe(Firely(resource, Relaxed));
    }

    [Property(MaxTest = 400)]
    public bool A_random_resource_comes_out_as_Firely_writes_it(int seed)
    {
        var resource = RandomResources.Patient(new Random(seed));
        return Options.All(options => Write(resource, options) == Firely(resource, options));
    }

    [Fact]
    public async System.Threading.Tasks.Task An_element_the_model_does_not_map_is_refused_and_the_response_falls_back_to_Firely()
    {
        var patient = new Patient { Id = "p1", Active = true };
        patient.SetValue("somethingElse", new FhirString("kept from a parse"));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            FhirJsonWriter.TryWrite(patient, writer).ShouldBeFalse();
        }

        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        await FhirJson.WriteAsync(http, patient);

        Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()).ShouldBe(Firely(patient, Relaxed));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_response_body_is_the_writers_output_with_relaxed_escaping()
    {
        var patient = new Patient { Id = "p2", Name = [new HumanName { Family = "Ødegård", Given = ["Åse+Marie"] }] };
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        await FhirJson.WriteAsync(http, patient);

        var body = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        body.ShouldBe(Firely(patient, Relaxed));
        body.ShouldContain("\"Ødegård\"");
        http.Response.ContentLength.ShouldBe(Encoding.UTF8.GetByteCount(body));
    }

    /// <summary>As FhirJson writes responses (relaxed escaping), and indented with the default escaping.</summary>
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions[] Options = [Relaxed, new() { Indented = true }];

    private static string Write(Base resource, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            FhirJsonWriter.TryWrite(resource, writer).ShouldBeTrue();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Firely(Base resource, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            FirelySerializer.Serialize(resource, writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static readonly Dictionary<string, Func<Resource>> FixedResources = new()
    {
        ["empty patient"] = () => new Patient(),
        ["service request"] = () => new ServiceRequest
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { VersionId = "3", LastUpdated = new DateTimeOffset(2026, 12, 7, 8, 30, 15, 120, TimeSpan.Zero) },
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept("http://snomed.info/sct", "390893007", "Fysisk aktivitet på resept"),
            Subject = new ResourceReference("Patient/1") { Display = "Kari Nordmann" },
            AuthoredOnElement = new FhirDateTime(2026, 12, 7),
            Occurrence = new Period(new FhirDateTime("2026-12-07"), new FhirDateTime("2027-03-01")),
            Quantity = new Ratio { Numerator = new Quantity(2, "sessions"), Denominator = new Quantity(1, "wk", "http://unitsofmeasure.org") },
            ReasonCode = [new CodeableConcept { Text = "Type 2-diabetes" }],
            Note = [new Annotation { Text = new Markdown("Gradvis opptrapping"), Time = "2026-12-07T08:30:00+01:00" }],
            Extension = [new Extension("http://example.org/minutes", new Integer(45)), new Extension("http://example.org/flag", new FhirBoolean(false))],
        },
        ["bundle with entries"] = () => new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = 2,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = "https://example.org/fhir/ServiceRequest?subject=Patient/1" }],
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = "urn:a", Resource = new Patient { Id = "1", Active = true }, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } },
                new Bundle.EntryComponent { FullUrl = "urn:b", Resource = new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Warning, Code = OperationOutcome.IssueType.Informational, Diagnostics = "«quoted» \"text\"\n" }] } },
            ],
        },
        ["primitives with ids and extensions"] = () => new Patient
        {
            BirthDateElement = new Date("1970-01-01") { ElementId = "b1" },
            GenderElement = new Code<AdministrativeGender>(null) { Extension = [new Extension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new Code("unknown"))] },
            Name = [new HumanName { GivenElement = [new FhirString("A"), new FhirString(null) { ElementId = "g2" }, new FhirString("C")], Family = "Nordmann" }, new HumanName()],
            Telecom = [new ContactPoint(), new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, "+47 400 00 000")],
        },
        ["contained and narrative"] = () => new Patient
        {
            Id = "with-contained",
            Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Kari &amp; Ola</p></div>" },
            Contained = [new Practitioner { Id = "gp", Name = [new HumanName { Family = "Lege" }] }],
            GeneralPractitioner = [new ResourceReference("#gp")],
            Photo = [new Attachment { ContentType = "image/png", Data = [1, 2, 3, 250], Size = 4 }],
        },
        ["decimals and instants"] = () => new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept { Text = "steps" },
            Value = new Quantity(3.50m, "km"),
            IssuedElement = new Instant(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(1))),
            Component = [new Observation.ComponentComponent { Code = new CodeableConcept { Text = "x" }, Value = new FhirString("y") }, new Observation.ComponentComponent { Code = new CodeableConcept(), Value = new Integer(0) }],
        },
        ["parameters with a resource"] = () => new Parameters
        {
            Parameter =
            [
                new Parameters.ParameterComponent { Name = "return", Resource = new Patient { Id = "x" } },
                new Parameters.ParameterComponent { Name = "count", Value = new UnsignedInt(7) },
                new Parameters.ParameterComponent { Name = "part", Part = [new Parameters.ParameterComponent { Name = "p", Value = new Coding("s", "c") }] },
            ],
        },
        ["questionnaire response"] = () => new QuestionnaireResponse
        {
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Item =
            [
                new QuestionnaireResponse.ItemComponent
                {
                    LinkId = "1",
                    Answer = [new QuestionnaireResponse.AnswerComponent { Value = new Coding("http://loinc.org", "LA6568-5") }, new QuestionnaireResponse.AnswerComponent { Value = new FhirDecimal(1.0m) }],
                },
            ],
        },
    };
}
