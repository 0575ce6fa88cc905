using System.Text.RegularExpressions;

namespace AktivResept.Server.Tests.Architecture;

/// <summary>
/// Features do not reach into each other's internals (docs/architecture.md, "Module boundaries"). A feature's top-level
/// namespace (<c>Features.Claims</c>: its entities, module and the services it deliberately exposes) is its public
/// surface; its sub-folders (<c>Features.Claims.Generation</c>) are internal. Another feature, <c>Common</c>, <c>Data</c>
/// and <c>Program.cs</c> may use only the top level. The presentation layers over the features (<c>Fhir</c>,
/// <c>Components</c>, <c>Cli</c>) may also use the use-case folders listed in <see cref="PublicUseCases"/> — the same
/// handlers the REST endpoints call.
/// </summary>
public sealed partial class FeatureBoundaryTests
{
    private const string FeaturesNamespace = "AktivResept.Server.Features.";

    /// <summary>Use-case folders whose handlers, requests and views the presentation layers may call.</summary>
    public static readonly IReadOnlySet<string> PublicUseCases = new HashSet<string>(StringComparer.Ordinal)
    {
        "Prescriptions.Issue", "Prescriptions.Read", "Prescriptions.Transitions", "Prescriptions.Matching", "Prescriptions.Drafts",
        "Attendance.Registration", "Attendance.Reconciliation",
        "Claims.Generation", "Claims.Submission", "Claims.Review", "Claims.Corrections", "Claims.Read", "Claims.Messages",
        "Contracts.Management", "Contracts.Results",
        "Municipal.Staff", "Municipal.Routing", "Municipal.Overview",
        "Notifications.Inbox", "Notifications.Subscriptions",
        "Dialogmelding.Settings",
        "Programmes.Timetable",
        "Programmes.Attendance",
        "Programmes.Funding",
        "Programmes.Booking",
        "Programmes.Participant",
        "HealthAccounts.Pdf",
        "Providers.Management", "Integrations.Management", "Municipal.Positions",
    };

    private static readonly string[] PresentationFolders = ["Fhir", "Components", "Cli"];

    [Fact]
    public void No_file_uses_another_features_internal_namespace()
    {
        var server = ServerSourceDirectory();
        var files = SourceFiles(server).ToList();
        var namespaces = files.SelectMany(f => NamespaceDeclaration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(n => n.StartsWith(FeaturesNamespace, StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        var offences = (
            from file in files
            let relative = Path.GetRelativePath(server, file).Replace('\\', '/')
            from used in UsedFeatureNamespaces(File.ReadAllText(file), namespaces)
            where !MayUse(relative, used)
            select $"{relative} uses {used}").Distinct().Order(StringComparer.Ordinal).ToList();

        offences.ShouldBeEmpty(
            "a feature's sub-folders are internal: move what is shared to the owning feature's top level or to Common, " +
            "or (for Fhir/Components/Cli) list a use-case folder as public in FeatureBoundaryTests and docs/architecture.md");
    }

    [Fact]
    public void Nothing_below_the_web_ui_uses_it()
    {
        // The web UI (Components) sits on the features and Common; a sign-in or a use case that reached up into a page
        // class would tie the API host to the UI. Razor's own Microsoft.AspNetCore.Components is not ours. The texts
        // (Components.Localization's resources) are the exception: REST, PDFs and dialogmelding notes render them too.
        var server = ServerSourceDirectory();
        var offences = SourceFiles(server)
            .Select(f => Path.GetRelativePath(server, f).Replace('\\', '/'))
            .Where(f => f.Split('/')[0] is "Common" or "Features" or "Data")
            .Where(f => WebUiReference().IsMatch(File.ReadAllText(Path.Combine(server, f))))
            .Order(StringComparer.Ordinal)
            .ToList();

        offences.ShouldBeEmpty("Common, Features and Data must not use AktivResept.Server.Components: move the shared part down (e.g. Common/Auth/WebPaths)");
        WebUiReference().IsMatch("var x = Components.Account.AccountEndpoints.LocalOr(u, \"\");").ShouldBeTrue();
        WebUiReference().IsMatch("using Microsoft.AspNetCore.Components.Forms;").ShouldBeFalse();
        WebUiReference().IsMatch("using AktivResept.Server.Components.Localization;").ShouldBeFalse();
        WebUiReference().IsMatch("using AktivResept.Server.Components.Account;").ShouldBeTrue();
    }

    [Fact]
    public void The_rule_sees_a_feature_reaching_into_another_features_sub_folder()
    {
        var namespaces = new HashSet<string>(StringComparer.Ordinal) { "AktivResept.Server.Features.Claims", "AktivResept.Server.Features.Claims.Generation" };
        const string source = """
            using AktivResept.Server.Features.Claims;
            using AktivResept.Server.Features.Claims.Generation;
            var x = new AktivResept.Server.Features.Claims.Generation.ClaimGenerator();
            """;

        var used = UsedFeatureNamespaces(source, namespaces).ToList();

        used.ShouldBe(["Claims.Generation", "Claims.Generation"]); // the using and the qualified name; Features.Claims is not internal
        MayUse("Features/Payments/PaymentExport.cs", "Claims.Generation").ShouldBeFalse();
        MayUse("Features/Claims/Submission/ClaimSubmission.cs", "Claims.Generation").ShouldBeTrue();
        MayUse("Components/Claims/ProviderClaims.razor", "Claims.Generation").ShouldBeTrue();
        MayUse("Fhir/Prescriptions/AdherenceLookup.cs", "Attendance.Adherence").ShouldBeFalse();
        MayUse("Common/Access/PrescriptionScope.cs", "Prescriptions.Read").ShouldBeFalse();
    }

    /// <summary>Feature-relative internal namespaces ("Claims.Generation") a file names in a using or a qualified name.</summary>
    private static IEnumerable<string> UsedFeatureNamespaces(string source, HashSet<string> namespaces)
    {
        foreach (Match match in QualifiedFeatureName().Matches(source))
        {
            // The longest declared namespace the name starts with; a type at a feature's top level is not internal.
            var name = match.Value;
            while (!namespaces.Contains(name) && name.LastIndexOf('.') is var dot and > 0)
            {
                name = name[..dot];
            }

            var relative = name.StartsWith(FeaturesNamespace, StringComparison.Ordinal) ? name[FeaturesNamespace.Length..] : "";
            if (namespaces.Contains(name) && relative.Contains('.', StringComparison.Ordinal))
            {
                yield return relative;
            }
        }
    }

    private static bool MayUse(string relativeFile, string usedNamespace)
    {
        var owner = usedNamespace.Split('.')[0];
        var parts = relativeFile.Split('/');
        if (parts is ["Features", var feature, ..] && feature == owner)
        {
            return true;
        }

        var useCase = string.Join('.', usedNamespace.Split('.').Take(2));
        return PresentationFolders.Contains(parts[0]) && PublicUseCases.Contains(useCase);
    }

    private static IEnumerable<string> SourceFiles(string server) =>
        Directory.EnumerateFiles(server, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(server, f).Replace('\\', '/').Split('/').Any(p => p is "bin" or "obj" or "Migrations"));

    private static string ServerSourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AktivResept.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "AktivResept.Server");
            }
        }

        throw new DirectoryNotFoundException("AktivResept.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"AktivResept\.Server\.Components(?!\.Localization\b)\b|(?<![\w.])Components\.(?!Localization\b)[A-Z]\w*")]
    private static partial Regex WebUiReference();

    [GeneratedRegex(@"AktivResept\.Server\.Features\.\w+(\.\w+)+")]
    private static partial Regex QualifiedFeatureName();
}
