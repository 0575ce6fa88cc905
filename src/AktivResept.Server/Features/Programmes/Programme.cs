using AktivResept.Domain.Programmes;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// A municipality's «Aktiv på dagtid» (active in the daytime) programme: free, supervised group training in the
/// daytime for people outside work on a benefit. Run by the municipality, by a gym under one of its contracts, or —
/// where the municipality runs none — by a gym on state funding at the national tariff. A municipality has at most one
/// programme per operator.
/// </summary>
public sealed class Programme : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The municipality whose residents the programme is for (and whose public timetable shows it).</summary>
    public string Kommunenummer { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public ProgrammeOperator Operator { get; set; }

    /// <summary>The gym that runs it; null when the municipality runs it itself.</summary>
    public Guid? ProviderId { get; set; }

    /// <summary>For a gym under contract: the municipality's contract whose tariff prices the attended places.</summary>
    public Guid? ContractId { get; set; }

    /// <summary>Who pays a gym's claims: the municipality payer (under contract) or the state payer; null when the municipality runs it.</summary>
    public Guid? PayerId { get; set; }

    public ProgrammeFunding Funding { get; set; } = ProgrammeFunding.PerAttendee;

    /// <summary>Set when the programme stops taking bookings; its timetable and history stay.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public List<ProgrammeTerm> Terms { get; set; } = [];

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}
