namespace AktivResept.Server.Features.Contracts;

/// <summary>
/// A funding agreement between a payer and a provider: a municipality's service-concession contract
/// (tjenestekonsesjonskontrakt), an employer's occupational-health agreement, or a state pilot. What it requires
/// (co-financing share, capacity, availability, content, KPIs) lives in its <see cref="ContractVersion"/>s; the contract
/// itself holds the parties, the overall period and the status. Its tariffs are <c>TariffRecord</c>s naming it.
/// </summary>
public sealed class Contract
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PayerId { get; set; }

    public Guid ProviderId { get; set; }

    public string Name { get; set; } = string.Empty;

    public ContractStatus Status { get; set; } = ContractStatus.Draft;

    public DateTimeOffset StatusChangedAt { get; set; }

    public string StatusChangedBy { get; set; } = string.Empty;

    /// <summary>Why the contract was ended or terminated; null while draft or active.</summary>
    public string? StatusReason { get; set; }

    public DateOnly ValidFrom { get; set; }

    /// <summary>The last day (inclusive); null while open-ended. Termination closes it.</summary>
    public DateOnly? ValidTo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>
    /// Raised by every change to the contract or any of its versions, and checked on save: two concurrent changes
    /// (an edit racing an activation) cannot both win, so an active version never changes after the fact.
    /// </summary>
    public int ConcurrencyStamp { get; set; }

    public List<ContractVersion> Versions { get; set; } = [];

    /// <summary>Every move of <see cref="Status"/>, oldest first.</summary>
    public List<ContractStatusChange> StatusHistory { get; set; } = [];

    public bool Overlaps(DateOnly from, DateOnly to) => ValidFrom <= to && (ValidTo is null || from <= ValidTo);
}

public enum ContractStatus
{
    Draft,
    Active,
    Ended,
    Terminated,
}

/// <summary>One move of a contract's status: who, when and why.</summary>
public sealed class ContractStatusChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public ContractStatus? From { get; set; }

    public ContractStatus To { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = string.Empty;

    public string? Reason { get; set; }
}
