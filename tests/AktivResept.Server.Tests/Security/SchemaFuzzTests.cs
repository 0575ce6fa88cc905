using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Fhir;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Testing;
using Xunit.Abstractions;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// Reads what the app says it serves (the OpenAPI document for /api, the CapabilityStatement for /fhir) and sends
/// every operation the fixed hostile values of <see cref="HostileValues"/> — per query and path parameter, per body
/// property (nested ones too), and whole hostile bodies — with a token of a role that may call it. Any 5xx fails,
/// named by operation and variant. Bounded by count (at most <see cref="MaxVariantsPerOperation"/> per operation,
/// chosen with a fixed seed), never by the clock.
/// </summary>
[PostgresOnly("NUL is the character PostgreSQL cannot store (SQLite can), so only PostgreSQL shows the 500s this hunts")]
public sealed class SchemaFuzzTests(AktivApiFactory app, ITestOutputHelper output) : IClassFixture<AktivApiFactory>
{
    private const int Seed = 20;
    private const int MaxVariantsPerOperation = 400;
    private const string Placeholder = "\"__hostile__\"";

    [Fact]
    public async Task No_api_operation_answers_hostile_input_with_a_5xx()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var ids = await KnownIdsAsync();
        var roles = Callers();
        var failures = new List<string>();
        var operations = 0;
        var sent = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = Parameters(path.Value, operation.Value).ToList();
                var body = Body(schemas, operation.Value);
                var route = Route(path.Name, parameters, ids);
                var webhook = path.Name == "/api/integrations/attendance";
                body ??= webhook ? AttendanceEvents() : null;

                var client = webhook ? app.CreateClient() : await RoleThatMayCallAsync(roles, method, route, body);
                var variants = Variants(path.Name, parameters, route, body).ToList();
                foreach (var (name, url, content) in Bounded(variants))
                {
                    sent++;
                    using var request = webhook
                        ? SignedDelivery.Create(ids.Integration.Secret, content ?? [], $"msg_fuzz{sent}", app.Clock.GetUtcNow(), ids.Integration.Id)
                        : Request(method, url, content);
                    var response = await client.SendAsync(request);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{method} {path.Name} [{name}] -> {(int)response.StatusCode}");
                    }
                }
            }
        }

        output.WriteLine($"{operations} operations, {sent} hostile requests, {failures.Count} answered 5xx");
        operations.ShouldBeGreaterThan(40, "the OpenAPI document should list every /api operation");
        failures.ShouldBeEmpty(string.Join('\n', failures));
    }

    [Fact]
    public async Task No_fhir_interaction_answers_hostile_input_with_a_5xx()
    {
        var gp = app.AsGp();
        var metadata = JsonDocument.Parse(await gp.GetStringAsync("/fhir/metadata")).RootElement;
        var samples = await FhirSamplesAsync(gp);
        var clients = new[] { gp, app.AsOsloGym() };
        var failures = new List<string>();
        var interactions = 0;
        var sent = 0;

        foreach (var resource in metadata.GetProperty("rest")[0].GetProperty("resource").EnumerateArray())
        {
            var type = resource.GetProperty("type").GetString()!;
            var searchParams = resource.TryGetProperty("searchParam", out var p) ? p.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList() : [];
            foreach (var interaction in resource.GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()!))
            {
                interactions++;
                var sample = samples.GetValueOrDefault(type) ?? $$"""{"resourceType":"{{type}}","id":"x","status":"active"}""";
                var existing = JsonNode.Parse(sample)!["id"]?.GetValue<string>() ?? Guid.Empty.ToString();
                var variants = interaction switch
                {
                    "read" or "delete" => HostileValues.QueryValues.Where(v => !HostileValues.RefusedByServerInPath(v.Encoded)).Select(v => ($"id={v.Name}", $"/fhir/{type}/{v.Encoded}", (byte[]?)null)),
                    "search-type" => searchParams.Concat(["_count", "_offset", "_id"]).SelectMany(name => HostileValues.QueryValues.Select(v =>
                        ($"{name}={v.Name}", $"/fhir/{type}?{name}={v.Encoded}", (byte[]?)null))),
                    "create" => BodyVariants(Encoding.UTF8.GetBytes(sample)).Select(v => (v.Name, $"/fhir/{type}", (byte[]?)v.Body)),
                    "update" => BodyVariants(Encoding.UTF8.GetBytes(sample)).Select(v => (v.Name, $"/fhir/{type}/{existing}", (byte[]?)v.Body)),
                    _ => Enumerable.Empty<(string, string, byte[]?)>(),
                };
                var method = interaction switch { "create" => HttpMethod.Post, "update" => HttpMethod.Put, "delete" => HttpMethod.Delete, _ => HttpMethod.Get };
                foreach (var (name, url, body) in Bounded(variants.ToList()))
                {
                    foreach (var client in clients)
                    {
                        sent++;
                        using var request = Request(method, url, body, "application/fhir+json");
                        var response = await client.SendAsync(request);
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{interaction} {type} [{name}] -> {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }

        output.WriteLine($"{interactions} FHIR interactions, {sent} hostile requests, {failures.Count} answered 5xx");
        interactions.ShouldBeGreaterThan(15, "the CapabilityStatement should list every FHIR interaction");
        failures.ShouldBeEmpty(string.Join('\n', failures));
    }

    /// <summary>Every variant of one operation: each parameter and each body property hostile in turn, and hostile whole bodies.</summary>
    private static IEnumerable<(string Name, string Url, byte[]? Body)> Variants(string template, List<(string Name, string In)> parameters, string route, JsonNode? body)
    {
        var baseBody = body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
        foreach (var (name, place) in parameters)
        {
            foreach (var (value, encoded) in HostileValues.QueryValues.Where(v => place != "path" || !HostileValues.RefusedByServerInPath(v.Encoded)))
            {
                var url = place == "path"
                    ? Route(template, parameters, null, (name, encoded))
                    : $"{route}{(route.Contains('?') ? '&' : '?')}{Uri.EscapeDataString(name)}={encoded}";
                yield return ($"{place} {name}={value}", url, baseBody);
            }
        }

        if (baseBody is not null)
        {
            foreach (var variant in BodyVariants(baseBody))
            {
                yield return (variant.Name, route, variant.Body);
            }
        }
    }

    /// <summary>The body with each property (at any depth, array items included) replaced by each hostile token, then hostile whole bodies.</summary>
    private static IEnumerable<(string Name, byte[] Body)> BodyVariants(byte[] sample)
    {
        var root = JsonNode.Parse(sample)!;
        foreach (var (path, set) in Slots(root, "$"))
        {
            var original = set(JsonValue.Create("__hostile__"));
            var text = root.ToJsonString();
            set(original);
            var at = text.IndexOf(Placeholder, StringComparison.Ordinal);
            var before = Encoding.UTF8.GetBytes(text[..at]);
            var after = Encoding.UTF8.GetBytes(text[(at + Placeholder.Length)..]);
            foreach (var (name, token) in HostileValues.BodyTokens)
            {
                yield return ($"{path}={name}", [.. before, .. token, .. after]);
            }
        }

        foreach (var body in HostileValues.Bodies)
        {
            yield return body;
        }
    }

    /// <summary>Every place in the tree a value sits, with a setter that puts a value there and returns what was there.</summary>
    private static IEnumerable<(string Path, Func<JsonNode?, JsonNode?> Set)> Slots(JsonNode node, string path)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => (Key: p.Key, Index: -1, Value: p.Value)).ToList(),
            JsonArray a => a.Select((v, i) => (Key: string.Empty, Index: i, Value: v)).ToList(),
            _ => [],
        };
        foreach (var (key, index, value) in children)
        {
            var childPath = index < 0 ? $"{path}.{key}" : $"{path}[{index}]";
            yield return (childPath, replacement =>
            {
                if (node is JsonObject o)
                {
                    var old = o[key];
                    o[key] = null;
                    o[key] = replacement;
                    return old;
                }

                var array = (JsonArray)node;
                var previous = array[index];
                array[index] = null;
                array[index] = replacement;
                return previous;
            }
            );
            if (value is JsonObject or JsonArray)
            {
                foreach (var slot in Slots(value, childPath))
                {
                    yield return slot;
                }
            }
        }
    }

    private static IEnumerable<(string Name, string Url, byte[]? Body)> Bounded(List<(string Name, string Url, byte[]? Body)> variants)
    {
        if (variants.Count <= MaxVariantsPerOperation)
        {
            return variants;
        }

        var random = new Random(Seed);
        return variants.OrderBy(_ => random.Next()).Take(MaxVariantsPerOperation);
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, byte[]? body, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };
        }

        return request;
    }

    /// <summary>The first role whose plain request is not refused for who it is (401/403), so the variants reach the handler.</summary>
    private static async Task<HttpClient> RoleThatMayCallAsync(List<HttpClient> roles, HttpMethod method, string route, JsonNode? body)
    {
        foreach (var client in roles)
        {
            using var request = Request(method, route, body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()));
            var status = (int)(await client.SendAsync(request)).StatusCode;
            if (status is not (401 or 403))
            {
                return client;
            }
        }

        return roles[0];
    }

    private List<HttpClient> Callers() =>
    [
        app.AsGp(),
        app.AsOsloGym(),
        app.ClientAs(Common.Auth.Roles.Payer, org: DemoIdentities.StatePayerOrg),
        app.ClientAs(Common.Auth.Roles.Payer, org: DemoIdentities.OsloKommuneOrg),
        app.ClientAs(Common.Auth.Roles.Municipality, org: DemoIdentities.OsloKommuneOrg),
        app.AsParticipant(DemoIdentities.ParticipantAnneFnr),
        app.ClientAs(Common.Auth.Roles.Trainer, fnr: DemoIdentities.TrainerAktivInstruktorFnr),
        app.ClientAs(Common.Auth.Roles.Ehr, DemoIdentities.GpHpr, DemoIdentities.GpOfficeOrg),
        app.ClientAs(Common.Auth.Roles.Researcher),
    ];

    private sealed record KnownIds(Guid Prescription, Guid Subscription, TestIntegration Integration);

    /// <summary>Real resources for path ids, so variants get past "not found" to the checks behind it.</summary>
    private async Task<KnownIds> KnownIdsAsync()
    {
        var prescription = await app.AcceptedPrescriptionAsync("fuzz-member");
        var subscription = await app.AsGp().PostAsJsonAsync("/api/subscriptions", new { endpoint = "https://ehr.example.org/fuzz" });
        var subscriptionId = (await subscription.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return new KnownIds(prescription, subscriptionId, await app.CreateIntegrationAsync());
    }

    private static string Route(string template, List<(string Name, string In)> parameters, KnownIds? ids, (string Name, string Value)? hostile = null)
    {
        var url = template;
        foreach (var (name, place) in parameters.Where(p => p.In == "path"))
        {
            var value = hostile is { } h && h.Name == name ? h.Value
                : ids is null ? Guid.Empty.ToString()
                : template.StartsWith("/api/prescriptions", StringComparison.Ordinal) && name == "id" ? ids.Prescription.ToString()
                : template.StartsWith("/api/subscriptions", StringComparison.Ordinal) ? ids.Subscription.ToString()
                : template.StartsWith("/api/integrations", StringComparison.Ordinal) ? ids.Integration.Id.ToString()
                : new Guid(Seed, 0, 0, new byte[8]).ToString();
            url = url.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return url;
    }

    private static IEnumerable<(string Name, string In)> Parameters(JsonElement pathItem, JsonElement operation) =>
        new[] { pathItem, operation }
            .Where(e => e.TryGetProperty("parameters", out _))
            .SelectMany(e => e.GetProperty("parameters").EnumerateArray())
            .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!))
            .Where(p => p.Item2 is "query" or "path")
            .Distinct();

    private static JsonNode? Body(JsonElement schemas, JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content) &&
        content.TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var schema)
            ? Sample(schemas, schema, 0)
            : null;

    /// <summary>A plausible value for a schema: enough for a body to reach the handler's own checks.</summary>
    private static JsonNode? Sample(JsonElement schemas, JsonElement schema, int depth)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        foreach (var composite in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(composite, out var options))
            {
                var first = options.EnumerateArray().FirstOrDefault(o => !IsNull(o));
                return first.ValueKind == JsonValueKind.Undefined ? null : Sample(schemas, first, depth);
            }
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return JsonNode.Parse(values.EnumerateArray().First(v => v.ValueKind != JsonValueKind.Null).GetRawText());
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return TypeOf(schema) switch
        {
            "object" when depth < 4 => new JsonObject(schema.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Hint(p.Name) ?? Sample(schemas, p.Value, depth + 1)))
                : []),
            "array" when depth < 4 => schema.TryGetProperty("items", out var items) ? new JsonArray(Sample(schemas, items, depth + 1)) : [],
            "string" => format switch
            {
                "uuid" => DemoIdentities.GrunerlokkaLocationId.ToString(),
                "date" => "2026-12-01",
                "date-time" => "2026-11-20T10:00:00Z",
                _ => "Test",
            },
            "integer" => 1,
            "number" => 1,
            "boolean" => true,
            _ => null,
        };
    }

    /// <summary>
    /// Valid values for the fields a handler checks before anything is stored, so that a hostile value in a sibling
    /// field gets as far as the database (where a NUL used to fail) instead of stopping at a 400 for the sample.
    /// </summary>
    private static JsonNode? Hint(string property) => property switch
    {
        "nationalId" => TestData.NewNationalId(),
        "endpoint" => "https://ehr.example.org/fuzz",
        "kommunenummer" => "0301",
        "reasonCode" => "L84",
        "organisationNumber" => DemoIdentities.AktivTreningOsloOrg,
        "sessionsPerWeek" => 2,
        "minutesPerSession" => 60,
        "durationWeeks" => 12,
        "coFinancingShare" => 0.3m,
        "price" => 500m,
        "copay" => 100m,
        "month" => "2026-10",
        "occurredAt" => "2026-11-23T10:00:00Z",
        _ => null,
    };

    private static bool IsNull(JsonElement schema) => TypeOf(schema) == "null";

    private static string? TypeOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "null";

    /// <summary>A gym system's batch (the webhook reads its body by hand, so the document has no schema for it).</summary>
    private JsonObject AttendanceEvents() => new JsonObject
    {
        ["events"] = new JsonArray(new JsonObject
        {
            ["id"] = "fuzz-event",
            ["type"] = "check-in",
            ["occurredAt"] = app.Clock.GetUtcNow().AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["locationId"] = DemoIdentities.GrunerlokkaLocationId.ToString(),
            ["memberRef"] = "fuzz-member",
            ["durationMinutes"] = 30,
        }),
    };

    /// <summary>Valid resources to start each create and update from, so hostile values sit where real data does.</summary>
    private async Task<Dictionary<string, string>> FhirSamplesAsync(HttpClient gp)
    {
        var patientId = await gp.CreatePatientAsync(TestData.NewNationalId());
        var referral = FhirData.Referral(FhirData.PatientRef(patientId));
        var taskId = await gp.CreateReferralAsync(FhirData.Referral(FhirData.PatientRef(patientId), funding: "Municipality"));
        var task = await (await gp.GetFhirAsync($"/fhir/Task?_count=1")).Content.ReadAsStringAsync();
        var firstTask = JsonNode.Parse(task)!["entry"]?[0]?["resource"]?.ToJsonString();
        var samples = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Patient"] = FhirHttp.Json(FhirData.NewPatient(TestData.NewNationalId())),
            ["ServiceRequest"] = FhirHttp.Json(referral),
            ["Subscription"] = """
                {"resourceType":"Subscription","status":"requested","reason":"fuzz","criteria":"Task?requester=Practitioner/9144900",
                 "channel":{"type":"rest-hook","endpoint":"https://ehr.example.org/fuzz","payload":"application/fhir+json"}}
                """,
        };
        if (firstTask is not null)
        {
            samples["Task"] = firstTask;
        }

        output.WriteLine($"FHIR samples: {string.Join(", ", samples.Keys)} (referral {taskId})");
        return samples;
    }
}
