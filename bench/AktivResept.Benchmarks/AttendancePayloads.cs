using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AktivResept.Domain.Adherence;
using AktivResept.Testing;

namespace AktivResept.Benchmarks;

/// <summary>One event as the gym system sends it, with the ids it will be linked to (for the COPY reference).</summary>
public sealed record BenchEvent(string Id, AttendanceKind Kind, DateTimeOffset OccurredAt, string MemberRef, int? DurationMinutes, Guid ParticipantId, Guid PrescriptionId);

/// <summary>A delivery: its events and the exact body bytes, built before the clock starts (a gym system's own cost).</summary>
public sealed record BenchDelivery(string WebhookId, byte[] Body, BenchEvent[] Events);

/// <summary>Batches of check-ins for seeded members, and their Standard Webhooks signature made at send time.</summary>
public static class AttendancePayloads
{
    private static readonly (AttendanceKind Kind, string Wire)[] Kinds =
        [(AttendanceKind.CheckIn, "check-in"), (AttendanceKind.CheckIn, "check-in"), (AttendanceKind.ClassAttendance, "class-attendance"), (AttendanceKind.PtSession, "pt-session")];

    public static Guid ParticipantOf(int member) => Md5Guid($"bench-participant-{member}");

    public static Guid PrescriptionOf(int member) => Md5Guid($"bench-rx-{member}");

    public static List<BenchDelivery> Deliveries(string prefix, int count, int size, int members, Guid locationId, DateTimeOffset now, int seed)
    {
        var random = new Random(seed);
        var deliveries = new List<BenchDelivery>(count);
        for (var b = 0; b < count; b++)
        {
            var events = new BenchEvent[size];
            using var buffer = new MemoryStream(size * 200);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("events");
                for (var j = 0; j < size; j++)
                {
                    var member = 1 + random.Next(members);
                    var (kind, wire) = Kinds[random.Next(Kinds.Length)];
                    // Within the last week: inside the 30-day late window and every seeded prescription's period.
                    var at = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() - random.Next(7 * 24 * 3600));
                    int? minutes = kind == AttendanceKind.CheckIn ? null : 60;
                    var e = events[j] = new BenchEvent($"{prefix}-{b}-{j}", kind, at, $"m{member}", minutes, ParticipantOf(member), PrescriptionOf(member));
                    json.WriteStartObject();
                    json.WriteString("id", e.Id);
                    json.WriteString("type", wire);
                    json.WriteString("occurredAt", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    json.WriteString("locationId", locationId);
                    json.WriteString("memberRef", e.MemberRef);
                    if (minutes is { } m)
                    {
                        json.WriteNumber("durationMinutes", m);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            deliveries.Add(new BenchDelivery($"msg_{prefix}_{b}", buffer.ToArray(), events));
        }

        return deliveries;
    }

    public static HttpRequestMessage Signed(Guid integrationId, byte[] key, BenchDelivery delivery) =>
        SignedDelivery.Create(key, delivery.Body, delivery.WebhookId, DateTimeOffset.UtcNow, integrationId);

    // MD5 only spreads bench text into a deterministic id here; nothing relies on it for security.
#pragma warning disable CA5351
    private static Guid Md5Guid(string text) => Guid.ParseExact(Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))), "N");
#pragma warning restore CA5351
}
