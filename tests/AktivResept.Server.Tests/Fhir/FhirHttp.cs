using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AktivResept.Server.Tests.Fhir;

/// <summary>Talks to /fhir the way an EHR would: Firely's serialiser out, Firely's parser in.</summary>
public static class FhirHttp
{
    public const string MediaType = "application/fhir+json";

    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings());
    private static readonly FhirJsonSerializer Serializer = new();

    public static string Json(Resource resource) => Serializer.SerializeToString(resource);

    public static Task<HttpResponseMessage> PostFhirAsync(this HttpClient client, string url, Resource resource) =>
        client.SendRawAsync(HttpMethod.Post, url, Json(resource));

    public static Task<HttpResponseMessage> PutFhirAsync(this HttpClient client, string url, Resource resource) =>
        client.SendRawAsync(HttpMethod.Put, url, Json(resource));

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string? body, string contentType = MediaType)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetFhirAsync(this HttpClient client, string url) =>
        client.SendRawAsync(HttpMethod.Get, url, null);

    /// <summary>Reads the body as a FHIR resource of the expected type, after checking the status and content type.</summary>
    public static async Task<T> ReadFhirAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
        where T : Resource
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(MediaType);
        return Parser.Deserialize<T>(body);
    }

    public static async Task<T> GetFhirAsync<T>(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
        where T : Resource =>
        await (await client.GetFhirAsync(url)).ReadFhirAsync<T>(expected);

    /// <summary>Where our error codes are defined; every issue we answer with names one in details.coding.</summary>
    public const string ErrorCodeSystem = "https://aktivresept.no/fhir/CodeSystem/error";

    /// <summary>
    /// Asserts an error answer: the status, an OperationOutcome with error severity, every issue coded in our error
    /// system (display = diagnostics), and the named elements.
    /// </summary>
    public static async Task<OperationOutcome> ShouldBeOutcomeAsync(this HttpResponseMessage response, HttpStatusCode status, params string[] expressions)
    {
        var outcome = await response.ReadFhirAsync<OperationOutcome>(status);
        outcome.Issue.ShouldNotBeEmpty();
        outcome.Issue.ShouldAllBe(i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Code != null && !string.IsNullOrEmpty(i.Diagnostics));
        foreach (var issue in outcome.Issue)
        {
            var coding = issue.Details?.Coding.ShouldHaveSingleItem($"issue without a code: {issue.Diagnostics}");
            coding!.System.ShouldBe(ErrorCodeSystem);
            coding.Code.ShouldNotBeNullOrWhiteSpace();
            coding.Display.ShouldBe(issue.Diagnostics);
        }

        var named = outcome.Issue.SelectMany(i => i.Expression).ToList();
        foreach (var expression in expressions)
        {
            named.ShouldContain(expression, $"{string.Join(" | ", outcome.Issue.Select(i => i.Diagnostics))}");
        }

        return outcome;
    }

    /// <summary>The error codes of the issues, in order.</summary>
    public static IReadOnlyList<string> Codes(this OperationOutcome outcome) =>
        [.. outcome.Issue.Select(i => i.Details?.Coding.FirstOrDefault(c => c.System == ErrorCodeSystem)?.Code ?? "(none)")];

    /// <summary>The error code of the issue at this element.</summary>
    public static string CodeAt(this OperationOutcome outcome, string expression) =>
        outcome.Issue.Single(i => i.Expression.Contains(expression)).Details!.Coding.Single(c => c.System == ErrorCodeSystem).Code!;

    public static IEnumerable<T> Resources<T>(this Bundle bundle)
        where T : Resource => bundle.Entry.Select(e => e.Resource).OfType<T>();
}
