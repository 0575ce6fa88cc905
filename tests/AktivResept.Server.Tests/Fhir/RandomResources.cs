using Hl7.Fhir.Model;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>
/// Random resources for comparing serialisers: each primitive at random with or without a value, an id and
/// extensions; lists of them with null items and gaps; empty objects among full ones; choices of several types.
/// </summary>
internal static class RandomResources
{
    public static Patient Patient(Random random)
    {
        var patient = new Patient
        {
            Id = random.Next(3) == 0 ? null : $"p{random.Next(1000)}",
            ActiveElement = Maybe(random, () => Primitive(random, new FhirBoolean(random.Next(2) == 0))),
            BirthDateElement = Maybe(random, () => Primitive(random, new Date(1950 + random.Next(60)))),
            Name = List(random, () => Name(random)),
            Telecom = List(random, () => random.Next(3) == 0 ? new ContactPoint() : new ContactPoint(ContactPoint.ContactPointSystem.Email, null, $"x{random.Next(99)}@example.org")),
            Extension = List(random, () => Extension(random, depth: 0)),
            Contained = random.Next(4) == 0 ? [new Practitioner { Id = "c", Name = List(random, () => Name(random)) }] : [],
        };
        if (random.Next(4) == 0)
        {
            patient.Meta = new Meta { VersionId = random.Next(3) == 0 ? null : "1", Tag = List(random, () => new Coding("s", random.Next(3) == 0 ? null : "c")) };
        }

        return patient;
    }

    private static HumanName Name(Random random) => random.Next(4) == 0
        ? new HumanName()
        : new HumanName
        {
            FamilyElement = Maybe(random, () => Primitive(random, new FhirString("Nordmann"))),
            GivenElement = List(random, () => random.Next(6) == 0 ? null! : Primitive(random, new FhirString(random.Next(2) == 0 ? "Kari" : "Ola"))),
            Extension = List(random, () => Extension(random, depth: 1)),
        };

    private static Extension Extension(Random random, int depth)
    {
        var extension = new Extension { Url = random.Next(5) == 0 ? null : "http://example.org/e" };
        extension.Value = random.Next(9) switch
        {
            0 => Primitive(random, new FhirString("v")),
            1 => new FhirBoolean(true),
            2 => new Integer(random.Next(-5, 5)),
            3 => new FhirDecimal(random.Next(1000) / 100m),
            4 => new Quantity(random.Next(10), "min"),
            5 => random.Next(2) == 0 ? new CodeableConcept() : new CodeableConcept("s", "c"),
            6 => new Instant(new DateTimeOffset(2026, 1, 1, 0, 0, random.Next(60), TimeSpan.Zero)),
            7 => new Base64Binary([1, 2, (byte)random.Next(256)]),
            _ => null,
        };
        if (depth < 2 && random.Next(4) == 0)
        {
            extension.Extension = List(random, () => Extension(random, depth + 1));
        }

        return extension;
    }

    /// <summary>The primitive, at random without its value, with an id, with extensions.</summary>
    private static T Primitive<T>(Random random, T primitive)
        where T : PrimitiveType
    {
        if (random.Next(4) == 0)
        {
            primitive.JsonValue = null;
        }

        if (random.Next(4) == 0)
        {
            primitive.ElementId = "i";
        }

        if (random.Next(4) == 0)
        {
            // An extension with neither url nor value is an empty object: left out, leaving the primitive's '_' part empty too.
            primitive.Extension = [random.Next(3) switch
            {
                0 => new Extension(),
                1 => new Extension { Url = "http://example.org/p" },
                _ => new Extension("http://example.org/p", new Code("x")),
            }];
        }

        return primitive;
    }

    private static T? Maybe<T>(Random random, Func<T> make)
        where T : class => random.Next(3) == 0 ? null : make();

    private static List<T> List<T>(Random random, Func<T> make) => [.. Enumerable.Range(0, random.Next(4)).Select(_ => make())];
}
