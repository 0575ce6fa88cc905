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

    /// <summary>Resource type and id, e.g. <c>Prescription/0190…</c>.</summary>
    public string Resource { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string Purpose { get; set; } = string.Empty;

    public AuditOutcome Outcome { get; set; }

    public string CorrelationId { get; set; } = string.Empty;
}
