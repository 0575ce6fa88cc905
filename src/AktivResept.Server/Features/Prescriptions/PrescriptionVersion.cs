using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Server.Features.Prescriptions;

/// <summary>
/// One stored version of a prescription: its state (every stored property of <see cref="Prescription"/>, as JSON)
/// after a change, and when the change was saved. <see cref="PrescriptionVersioning"/> adds one in every SaveChanges that
/// changes a prescription, whichever path made the change (API, FHIR, web UI, jobs), so the FHIR facade can serve
/// <c>meta.versionId</c>, vread and <c>_history</c>. <see cref="Version"/> is the prescription's concurrency token as
/// saved (0 for the first); the FHIR versionId is one more.
/// </summary>
public sealed class PrescriptionVersion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The stored properties: those with a setter (the history and derived values have none).</summary>
    private static readonly PropertyInfo[] Stored = [.. typeof(Prescription).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null)];

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PrescriptionId { get; init; }

    public int Version { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public string State { get; init; } = "{}";

    public static PrescriptionVersion Of(Prescription prescription, DateTimeOffset at) => new()
    {
        PrescriptionId = prescription.Id,
        Version = prescription.Version,
        // Whole milliseconds, which both databases keep exactly (PostgreSQL to the microsecond, the embedded SQLite's
        // binary instants to 100 µs): the answer to a save (meta.lastUpdated) is then what a later read shows.
        RecordedAt = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond)),
        State = JsonSerializer.Serialize(Stored.ToDictionary(p => p.Name, p => p.GetValue(prescription)), Json),
    };

    /// <summary>The prescription as it was at this version (without its status history, which the caller has).</summary>
    public Prescription Restore()
    {
        var prescription = (Prescription)Activator.CreateInstance(typeof(Prescription), nonPublic: true)!;
        using var state = JsonDocument.Parse(State);
        foreach (var property in Stored)
        {
            if (state.RootElement.TryGetProperty(property.Name, out var value))
            {
                property.SetValue(prescription, value.Deserialize(property.PropertyType, Json));
            }
        }

        return prescription;
    }
}
