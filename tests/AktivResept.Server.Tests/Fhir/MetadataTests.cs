using System.Net;
using System.Text.RegularExpressions;
using AktivResept.Server.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Task = System.Threading.Tasks.Task;

namespace AktivResept.Server.Tests.Fhir;

public sealed class MetadataTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly Dictionary<string, string[]> Implemented = new()
    {
        ["Patient"] = ["create", "read", "search-type"],
        ["ServiceRequest"] = ["create", "read", "vread", "history-instance", "search-type"],
        ["Task"] = ["read", "vread", "history-instance", "update", "search-type"],
        ["Observation"] = ["create", "read", "search-type"],
        ["DiagnosticReport"] = ["read", "search-type"],
        ["Organization"] = ["read", "search-type"],
        ["Location"] = ["read", "search-type"],
        ["PractitionerRole"] = ["read", "search-type"],
        ["Subscription"] = ["create", "read", "search-type", "delete"],
        ["Claim"] = ["read", "search-type"],
        ["ClaimResponse"] = ["read", "search-type"],
        ["Questionnaire"] = ["read", "search-type"],
        ["QuestionnaireResponse"] = ["create", "read", "search-type"],
        ["HealthcareService"] = ["read", "search-type"],
        ["Schedule"] = ["read", "search-type"],
        ["Slot"] = ["read", "search-type"],
    };

    [Fact]
    public async Task Metadata_is_anonymous_and_lists_exactly_what_is_implemented()
    {
        var statement = await app.CreateClient().GetFhirAsync<CapabilityStatement>("/fhir/metadata");

        statement.FhirVersion.ShouldBe(FHIRVersion.N4_0_1);
        statement.Status.ShouldBe(PublicationStatus.Active);
        statement.Kind.ShouldBe(CapabilityStatementKind.Instance);
        statement.Format.ShouldContain("json");
        var rest = statement.Rest.ShouldHaveSingleItem();
        rest.Mode.ShouldBe(CapabilityStatement.RestfulCapabilityMode.Server);
        rest.Security!.Service.SelectMany(s => s.Coding).ShouldContain(c => c.Code == "OAuth");
        rest.Security.Description!.ShouldContain("Bearer");
        rest.Resource.Select(r => $"{r.Type}: {string.Join(", ", r.Interaction.Select(i => i.Code!.Value.GetLiteral()).Order())}")
            .ShouldBe(Implemented.Select(e => $"{e.Key}: {string.Join(", ", e.Value.Order())}"), ignoreOrder: true);
        rest.Resource.Single(r => r.Type == "Patient").SearchParam.Select(p => p.Name).ShouldBe(["identifier"]);
        rest.Resource.Single(r => r.Type == "ServiceRequest").SearchParam.Select(p => p.Name)
            .ShouldBe(["subject", "patient", "identifier", "requester", "status"], ignoreOrder: true);
        rest.Resource.Single(r => r.Type == "Task").SearchParam.Select(p => p.Name)
            .ShouldBe(["focus", "owner", "patient", "status", "code"], ignoreOrder: true);
        rest.Resource.Single(r => r.Type == "Observation").SearchParam.Select(p => p.Name).ShouldBe(["based-on", "subject", "patient", "code", "category", "date"], ignoreOrder: true);
        rest.Resource.Single(r => r.Type == "DiagnosticReport").SearchParam.Select(p => p.Name).ShouldBe(["based-on", "subject", "patient"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_readme_fhir_table_lists_every_served_resource_with_its_interactions_and_search_parameters()
    {
        var statement = await app.CreateClient().GetFhirAsync<CapabilityStatement>("/fhir/metadata");
        var served = statement.Rest[0].Resource.Select(r =>
            $"{r.Type} | {string.Join(", ", r.Interaction.Select(i => i.Code!.Value.GetLiteral()).Order())} | {string.Join(", ", r.SearchParam.Select(p => p.Name).Order())}");

        ReadmeFhirTable().ShouldBe(served, ignoreOrder: true);
    }

    /// <summary>The README's FHIR table as "type | interactions | search parameters" (the backticked names before any ";").</summary>
    private static IEnumerable<string> ReadmeFhirTable()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "README.md")) || !File.Exists(Path.Combine(directory.FullName, "AktivResept.slnx")))
        {
            directory = directory.Parent ?? throw new FileNotFoundException("README.md of the repository");
        }

        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("| resource | interactions | search parameters", StringComparison.Ordinal));
        start.ShouldBeGreaterThan(0);
        foreach (var line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Regex.Split(line.Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToArray();
            var interactions = cells[1].Split(',', StringSplitOptions.TrimEntries).Order();
            var parameters = Regex.Matches(cells[2].Split(';')[0], "`([^`]+)`").Select(m => m.Groups[1].Value).Order();
            yield return $"{cells[0]} | {string.Join(", ", interactions)} | {string.Join(", ", parameters)}";
        }
    }

    [Fact]
    public async Task Every_advertised_search_parameter_is_accepted_and_an_unknown_one_is_refused_under_strict_handling()
    {
        var statement = await app.CreateClient().GetFhirAsync<CapabilityStatement>("/fhir/metadata");
        var gp = app.AsGp();
        foreach (var resource in statement.Rest[0].Resource)
        {
            foreach (var param in resource.SearchParam)
            {
                var response = await gp.GetFhirAsync($"/fhir/{resource.Type}?{param.Name}=x");
                var bundle = await response.ReadFhirAsync<Bundle>();
                bundle.Type.ShouldBe(Bundle.BundleType.Searchset, $"{resource.Type}?{param.Name}");
            }

            var strict = new HttpRequestMessage(HttpMethod.Get, $"/fhir/{resource.Type}?nonsense=1");
            strict.Headers.Add("Prefer", "handling=strict");
            strict.Headers.Accept.ParseAdd("application/fhir+json");
            var unknown = await gp.SendAsync(strict);
            await unknown.ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task The_capability_statement_is_the_search_definitions_and_every_advertised_sort_and_include_is_honoured()
    {
        var statement = await app.CreateClient().GetFhirAsync<CapabilityStatement>("/fhir/metadata");
        var gp = app.AsGp();
        statement.Format.ShouldBe(["json", "xml", "application/fhir+json", "application/fhir+xml"], ignoreOrder: true);
        statement.Rest[0].Resource.Select(r => r.Type).ShouldBe(Server.Fhir.FhirModule.Resources.Select(c => c.Type));
        foreach (var capability in Server.Fhir.FhirModule.Resources)
        {
            var served = statement.Rest[0].Resource.Single(r => r.Type == capability.Type);
            served.SearchParam.Select(p => p.Name).ShouldBe(capability.SearchParams.Select(p => p.Name), capability.Type);
            served.SearchInclude.ShouldBe(capability.Includes, capability.Type);
            served.SearchRevInclude.ShouldBe(capability.RevIncludes, capability.Type);
            served.ConditionalCreate.ShouldBe(capability.ConditionalCreate, capability.Type);
            served.ReadHistory.ShouldBe(capability.Versioned, capability.Type);
            served.Versioning.ShouldNotBe(CapabilityStatement.ResourceVersionPolicy.NoVersion, capability.Type);
            served.Interaction.Any(i => i.Code == CapabilityStatement.TypeRestfulInteraction.Vread).ShouldBe(capability.Versioned, capability.Type);

            var offered = served.SearchInclude.Select(i => $"_include={i}")
                .Concat(served.SearchRevInclude.Select(i => $"_revinclude={i}"))
                .Concat(capability.Sorts.SelectMany(s => new[] { $"_sort={s}", $"_sort=-{s}" }));
            foreach (var parameter in offered)
            {
                var response = await gp.SendAsync(Strict($"/fhir/{capability.Type}?{parameter}"));
                (await response.ReadFhirAsync<Bundle>()).Entry.ShouldNotContain(e => e.Search!.Mode == Bundle.SearchEntryMode.Outcome, parameter);
            }

            if (served.Interaction.Any(i => i.Code == CapabilityStatement.TypeRestfulInteraction.SearchType))
            {
                await (await gp.SendAsync(Strict($"/fhir/{capability.Type}?_sort=nonsense"))).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
                await (await gp.SendAsync(Strict($"/fhir/{capability.Type}?_include={capability.Type}:nonsense"))).ShouldBeOutcomeAsync(HttpStatusCode.BadRequest);
            }
        }
    }

    private static HttpRequestMessage Strict(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Prefer", "handling=strict");
        request.Headers.Accept.ParseAdd("application/fhir+json");
        return request;
    }

    [Fact]
    public async Task Interactions_that_are_not_advertised_answer_405_with_an_OperationOutcome()
    {
        var gp = app.AsGp();

        var delete = await gp.SendRawAsync(HttpMethod.Delete, $"/fhir/Patient/{Guid.NewGuid()}", null);
        await delete.ShouldBeOutcomeAsync(HttpStatusCode.MethodNotAllowed);
        var unknownType = await gp.GetFhirAsync("/fhir/Encounter");
        await unknownType.ShouldBeOutcomeAsync(HttpStatusCode.NotFound);
    }
}
