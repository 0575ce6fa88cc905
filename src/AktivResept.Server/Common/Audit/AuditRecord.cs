namespace AktivResept.Server.Common.Audit;

/// <summary>One read or write of personal data, or an attempt that was denied. Never holds a national id.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string? Organisation { get; set; }

    /// <summary>Our internal person id of the data subject, when known.</summary>
    public Guid? SubjectPersonId { get; set; }

    /// <summary>
    /// The data subjects of a write that touched many people at once (an attendance delivery): one record naming them
    /// all instead of one record each. The person's access log finds the record by either field.
    /// </summary>
    public Guid[]? SubjectPersonIds { get; set; }

    /// <summary>Resource type and id, e.g. <c>Prescription/0190…</c>.</summary>
    public string Resource { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string Purpose { get; set; } = string.Empty;

    public AuditOutcome Outcome { get; set; }

    public string CorrelationId { get; set; } = string.Empty;

    /// <summary>The acting person's name as their token gave it, for the data subject's view of the log (innsyn).</summary>
    public string? ActorName { get; set; }

    /// <summary>The acting health professional's HPR number, when they have one.</summary>
    public string? ActorHpr { get; set; }

    /// <summary>What kind of personal data was touched (<see cref="AuditCategories"/>); older rows have none.</summary>
    public string? Category { get; set; }
}
