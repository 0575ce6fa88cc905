using System.Text;
using System.Text.Json;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Features.Attendance.Ingest;
using AktivResept.Server.Fhir;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AktivResept.Benchmarks;

/// <summary>
/// <c>bench/run.sh micro</c>: BenchmarkDotNet micro-benchmarks of the per-request CPU work on the hot paths, without a
/// database. A short job in process (no separate build per benchmark), enough to see orders of magnitude and
/// regressions; pass BenchmarkDotNet's own options (e.g. <c>--filter *Signature*</c>) after <c>micro</c>.
/// </summary>
public static class MicroBenchmarks
{
    public static void Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromTypes([typeof(WebhookSignatureBenchmark), typeof(AttendanceParsingBenchmark), typeof(ServiceRequestJsonBenchmark)])
            .Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }
}

/// <summary>The Standard Webhooks check every attendance delivery pays: HMAC-SHA256 over the raw body, two keys during a rotation.</summary>
[MemoryDiagnoser]
public class WebhookSignatureBenchmark
{
    private byte[][] _keys = [];
    private byte[] _body = [];
    private string _header = string.Empty;

    [Params(500)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = [StandardWebhookSignature.NewKey(), StandardWebhookSignature.NewKey()];
        _body = AttendanceBodies.Batch(Events);
        _header = StandardWebhookSignature.Sign(_keys[1], "msg_bench", 1_764_000_000, _body);
    }

    [Benchmark]
    public bool Verify() => StandardWebhookSignature.Matches(_keys, "msg_bench", 1_764_000_000, _body, _header);
}

/// <summary>Turning a delivery's body into validated events, before any database work.</summary>
[MemoryDiagnoser]
public class AttendanceParsingBenchmark
{
    private byte[] _body = [];

    [Params(500)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup() => _body = AttendanceBodies.Batch(Events);

    [Benchmark]
    public int Parse()
    {
        using var document = JsonDocument.Parse(_body);
        var parsed = 0;
        var events = AttendanceBatchParser.Events(document, out _)!;
        for (var i = 0; i < events.Count; i++)
        {
            if (AttendanceBatchParser.Parse(i, events[i]).Event is not null)
            {
                parsed++;
            }
        }

        return parsed;
    }
}

/// <summary>A ServiceRequest in and out through the Firely serialiser the facade uses (FhirJson).</summary>
[MemoryDiagnoser]
public class ServiceRequestJsonBenchmark
{
    private static readonly FhirJsonSerializer Serializer = new();
    private string _json = string.Empty;
    private ServiceRequest _resource = new();

    [GlobalSetup]
    public void Setup()
    {
        _json = FhirPayloads.ServiceRequest("0195f0a1-0000-7000-8000-000000000001", "9144900", new DateOnly(2026, 12, 7));
        _resource = FhirJson.Parse<ServiceRequest>(_json).Resource!;
    }

    [Benchmark]
    public ServiceRequest? Parse() => FhirJson.Parse<ServiceRequest>(_json).Resource;

    [Benchmark]
    public string Serialise() => Serializer.SerializeToString(_resource);
}

/// <summary>A gym system's batch of check-ins as it arrives on the wire.</summary>
internal static class AttendanceBodies
{
    public static byte[] Batch(int events)
    {
        var start = new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
        var json = new StringBuilder("{\"events\":[");
        for (var i = 0; i < events; i++)
        {
            json.Append(i == 0 ? string.Empty : ",")
                .Append("{\"id\":\"evt-").Append(i)
                .Append("\",\"type\":\"check-in\",\"occurredAt\":\"").Append(start.AddMinutes(i).ToString("O", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"locationId\":\"0195f0a1-0000-7000-8000-0000000000aa\",\"memberRef\":\"member-").Append(i % 97).Append("\",\"durationMinutes\":60}");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }
}
