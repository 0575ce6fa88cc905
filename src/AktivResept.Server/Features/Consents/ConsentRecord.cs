namespace AktivResept.Server.Features.Consents;

/// <summary>
/// A person's consent to one purpose (<see cref="ConsentPurpose"/>): which version of the information text they were
/// shown, when they gave it, who recorded it (the person themself, or a coordinator from a signed form), and its
/// withdrawal. A withdrawal is effective from its instant for every later use; the record itself is kept, because
/// what was done under the consent before it was withdrawn stays lawful and must stay explainable.
/// </summary>
public sealed class ConsentRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PersonId { get; set; }

    /// <summary>What the consent is for, as a stable code (<see cref="ConsentPurpose"/>), e.g. <c>pilot:{pilot id}</c>.</summary>
    public string Purpose { get; set; } = string.Empty;

    /// <summary>The version of the information text the person consented to.</summary>
    public string TextVersion { get; set; } = string.Empty;

    /// <summary>When the person gave it (as they did it here, or as the coordinator recorded it from a form).</summary>
    public DateTimeOffset GivenAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The subject of whoever recorded it: the person themself, or the coordinator.</summary>
    public string RecordedBy { get; set; } = string.Empty;

    /// <summary>Given here by the person, or recorded by a coordinator from a signed form.</summary>
    public ConsentRecordedByKind RecordedByKind { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }

    public static string PilotPurpose(Guid pilotId) => ConsentPurpose.Pilot(pilotId);

    /// <summary>The one rule of validity: given at or before the instant and not withdrawn by then.</summary>
    public bool IsInForceAt(DateTimeOffset at) => GivenAt <= at && (WithdrawnAt is null || WithdrawnAt > at);

    /// <summary>
    /// Withdraws the consent from <paramref name="at"/>; a second withdrawal changes nothing (the first instant and
    /// actor stand). Returns whether this call withdrew it.
    /// </summary>
    public bool Withdraw(DateTimeOffset at, string by)
    {
        if (WithdrawnAt is not null)
        {
            return false;
        }

        WithdrawnAt = at;
        WithdrawnBy = by;
        return true;
    }
}
