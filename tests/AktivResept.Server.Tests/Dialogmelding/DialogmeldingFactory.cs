using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using AktivResept.Server.Features.Dialogmelding.Sending;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Dialogmelding;

/// <summary>
/// The app with the sender identified (organisation number and HER-id) and the built-in adapter writing to a folder of
/// the test's own; <paramref name="identifiedSender"/> false leaves the sender without any identifier, a deployment
/// mistake that makes every MsgHead invalid.
/// </summary>
public sealed class DialogmeldingFactory(bool identifiedSender = true) : LocalReceiverFactory
{
    public const string SenderOrg = "999999999";
    public const string SenderHer = "8100001";

    public string OutboxDirectory { get; } = Path.Combine(Path.GetTempPath(), "aktivresept-dialogmelding-" + Guid.NewGuid().ToString("N"));

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Outbound:AllowedNetworks:0"] = "127.0.0.1/32",
        ["Dialogmelding:RunSender"] = "false",
        ["Dialogmelding:OutboxDirectory"] = OutboxDirectory,
        ["Dialogmelding:SenderOrganisationNumber"] = identifiedSender ? SenderOrg : string.Empty,
        ["Dialogmelding:SenderHerId"] = identifiedSender ? SenderHer : string.Empty,
    };

    public async Task<int> SendDialogmeldingAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DialogmeldingSendJob>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Adds a prescription event as the adherence job does (same transaction shape: the event row and its facts).</summary>
    public Task<Guid> AddEventAsync(Guid prescriptionId, PrescriptionEventType type, object data) => QueryAsync(async db =>
    {
        var e = new PrescriptionEvent
        {
            PrescriptionId = prescriptionId,
            Type = type,
            Data = JsonSerializer.Serialize(data, JsonSerializerOptions.Web),
            OccurredAt = Clock.GetUtcNow(),
        };
        db.PrescriptionEvents.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(OutboxDirectory))
        {
            Directory.Delete(OutboxDirectory, recursive: true);
        }
    }
}

/// <summary>
/// Validates with the XSD files as stored in the repository, read from disk through a plain file resolver: independent
/// of the server's embedded copy and its resolver.
/// </summary>
public static class StoredSchemas
{
    /// <summary>The repository's root, found above the test's directory.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static readonly Lazy<XmlSchemaSet> Set = new(() =>
    {
        // Through the documented single entry point, which imports both published schemas.
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(null, Path.Combine(RepositoryRoot, "src", "AktivResept.Server", "Features", "Dialogmelding", "Schemas", "aktivresept-dialogmelding-validation.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Every validation error's message (empty when valid).</summary>
    public static List<string> Errors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Set.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} ({e.Exception?.LineNumber}:{e.Exception?.LinePosition})");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    public static XDocument ShouldBeValid(string xml)
    {
        Errors(xml).ShouldBeEmpty();
        return XDocument.Parse(xml);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "src", "AktivResept.Server", "Features", "Dialogmelding", "Schemas", "MsgHead-v1_2.xsd")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The stored schemas were not found above the test's directory.");
    }
}
