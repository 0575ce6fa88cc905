namespace AktivResept.Domain.Prescriptions;

/// <summary>One recorded move in a prescription's lifecycle: who, when and why.</summary>
public sealed class StatusChange
{
    private StatusChange()
    {
        Actor = string.Empty;
        ActorRole = string.Empty;
    }

    public StatusChange(Guid prescriptionId, PrescriptionStatus? from, PrescriptionStatus to, string actor, string actorRole, DateTimeOffset at, string? reason)
    {
        Id = Guid.CreateVersion7();
        PrescriptionId = prescriptionId;
        From = from;
        To = to;
        Actor = actor;
        ActorRole = actorRole;
        At = at;
        Reason = reason;
    }

    public Guid Id { get; private set; }

    public Guid PrescriptionId { get; private set; }

    public PrescriptionStatus? From { get; private set; }

    public PrescriptionStatus To { get; private set; }

    public string Actor { get; private set; }

    public string ActorRole { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string? Reason { get; private set; }
}
