using System.Net;
using System.Text.Json;

namespace AktivResept.Server.Tests.Infrastructure;

public static class ProblemResponses
{
    /// <summary>Asserts an RFC 9457 answer with the given status (in the body too) and returns the problem document.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        return problem;
    }
}
