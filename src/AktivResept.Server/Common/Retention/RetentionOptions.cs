namespace AktivResept.Server.Common.Retention;

/// <summary>
/// How long each category of personal data is kept (<c>Retention</c> in configuration; docs/security.md "Retention").
/// Each period counts from the instant a row stopped being needed (sent, delivered, received, dismissed). Webhook
/// receipts keep their own setting, <c>Attendance:WebhookIdRetentionDays</c>, which the retry rule owns.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    public bool RunJob { get; set; } = true;

    public int IntervalSeconds { get; set; } = 3600;

    /// <summary>SMS and e-mail sent or given up on: deleted after this many days.</summary>
    public int OutboxDays { get; set; } = 90;

    /// <summary>Webhook deliveries to subscribers that are finished (delivered, dead-lettered, cancelled), with their attempts.</summary>
    public int DeliveriesDays { get; set; } = 90;

    /// <summary>Inbox messages, read or not, after this many days from when they were written.</summary>
    public int InboxDays { get; set; } = 730;

    /// <summary>
    /// Door and class events no prescription ever counted (still waiting in a gym's reconciliation queue, or
    /// dismissed): they are about people who may not be participants at all, so they go first.
    /// </summary>
    public int UnmatchedAttendanceDays { get; set; } = 180;

    /// <summary>The encrypted content of dialog messages sent to the referrer's EHR (the EHR keeps its copy); the row stays.</summary>
    public int DialogmeldingContentDays { get; set; } = 365;

    /// <summary>
    /// Months of audit log kept after the current month; older months go whole, and only once closed (sealed). Ten
    /// years by default: access logs of health records are kept as long as the record's accountability requires
    /// (docs/security.md "Retention" names the rules relied on); a deployment may set more, never less than 12.
    /// </summary>
    public int AuditMonths { get; set; } = 120;

    /// <summary>
    /// Months of attendance kept after the current month, by the month the session happened in (UTC); older months
    /// go whole, with their event keys (PostgreSQL: the month's partition detached and dropped). Ten years by default,
    /// as the audit log; 0 keeps attendance forever. Attendance is the basis of claims, adherence and KPIs, so a
    /// deployment may not set less than 12.
    /// </summary>
    public int AttendanceMonths { get; set; } = 120;
}
