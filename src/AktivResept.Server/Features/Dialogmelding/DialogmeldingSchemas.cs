using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>The outcome of validating one document: valid, or the first offending element and how many errors.</summary>
public sealed record SchemaValidation(int ErrorCount, string? FirstElement, string? FirstError)
{
    public bool IsValid => ErrorCount == 0;
}

/// <summary>
/// The published schemas (MsgHead 1.2, Dialogmelding 1.1 and what they import), compiled once from the copies embedded
/// in the assembly (<c>Schemas/README.md</c> names their source). Nothing is fetched from the network: imports resolve
/// to the embedded files by name only.
/// </summary>
public static class DialogmeldingSchemas
{
    private const string ResourcePrefix = "Dialogmelding.Schemas.";

    private static readonly Lazy<XmlSchemaSet> Set = new(Compile, LazyThreadSafetyMode.ExecutionAndPublication);

    public static XmlSchemaSet Schemas => Set.Value;

    /// <summary>Validates against the schemas, collecting every error (an element's value is never part of the result's element name).</summary>
    public static SchemaValidation Validate(XDocument document)
    {
        var count = 0;
        string? firstElement = null, firstError = null;
        document.Validate(Schemas, (sender, e) =>
        {
            count++;
            if (count == 1)
            {
                firstElement = sender switch
                {
                    XElement element => element.Name.LocalName,
                    XAttribute attribute => $"{attribute.Parent?.Name.LocalName}/@{attribute.Name.LocalName}",
                    _ => null,
                };
                firstError = e.Message;
            }
        });
        return new SchemaValidation(count, firstElement, firstError);
    }

    private static XmlSchemaSet Compile()
    {
        var resolver = new EmbeddedSchemaResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        foreach (var file in new[] { "MsgHead-v1_2.xsd", "dialogmelding-v1.1.xsd" })
        {
            using var reader = XmlReader.Create(Open(file), new XmlReaderSettings { XmlResolver = resolver, DtdProcessing = DtdProcessing.Prohibit }, file);
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }

    private static Stream Open(string file) =>
        typeof(DialogmeldingSchemas).Assembly.GetManifestResourceStream(ResourcePrefix + file)
        ?? throw new InvalidOperationException($"The embedded schema {file} is missing.");

    /// <summary>Resolves a schema import to the embedded file of the same name; anything else is refused.</summary>
    private sealed class EmbeddedSchemaResolver : XmlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            Open(Path.GetFileName(absoluteUri.IsAbsoluteUri ? absoluteUri.AbsolutePath : absoluteUri.OriginalString));

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
            new($"embedded:///{Path.GetFileName(relativeUri ?? string.Empty)}");
    }
}
