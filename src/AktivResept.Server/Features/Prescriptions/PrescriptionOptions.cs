namespace AktivResept.Server.Features.Prescriptions;

public sealed class PrescriptionOptions
{
    public const string Section = "Prescriptions";

    /// <summary>Days a provider has to answer an issued prescription before it expires and returns to the referrer.</summary>
    public int AcceptanceDeadlineDays { get; set; } = 14;

    /// <summary>
    /// When the provider must answer an issued prescription: the instant <see cref="Expiry.ExpiryJob"/> starts to find
    /// it due (issued at or before now minus <see cref="AcceptanceDeadlineDays"/>).
    /// </summary>
    public DateTimeOffset ReplyBy(DateTimeOffset issuedAt) => issuedAt.AddDays(AcceptanceDeadlineDays);

    public int ExpiryJobIntervalSeconds { get; set; } = 300;

    /// <summary>Run the expiry job in this instance (every instance may; the job is race-safe).</summary>
    public bool RunExpiryWorker { get; set; } = true;

    /// <summary>Default search radius for matching when the caller gives none.</summary>
    public double DefaultMatchRadiusKm { get; set; } = 50;
}
