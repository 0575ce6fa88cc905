namespace AktivResept.Domain.HealthAccounts;

/// <summary>
/// One person of the cohort, with all their prescriptions in the scope: the account counts persons, not
/// prescriptions. A stage is reached when any prescription reached it. The person's groups (quarter, benefit, age,
/// sex, municipality) come from their first referral, so every person is in exactly one row of each table and the
/// tables add up to the total. Outcomes, QALYs and sick leave use one episode: the first prescription that started
/// (else the first).
/// </summary>
internal sealed class AccountPerson(AccountParticipant first)
{
    private List<AccountParticipant>? all;

    public AccountParticipant First { get; private set; } = first;

    public AccountParticipant Episode { get; private set; } = first;

    public bool Accepted { get; private set; } = first.Accepted;

    public bool Started { get; private set; } = first.Started;

    public bool AdherentAtWeek12 { get; private set; } = first.AdherentAtWeek12;

    public bool Completed { get; private set; } = first.Completed;

    /// <summary>Every prescription of the person, in the order given.</summary>
    public IReadOnlyList<AccountParticipant> Prescriptions => all ?? (IReadOnlyList<AccountParticipant>)[First];

    public static List<AccountPerson> Group(IReadOnlyList<AccountParticipant> participants)
    {
        var persons = new List<AccountPerson>(participants.Count);
        var byKey = new Dictionary<Guid, AccountPerson>(participants.Count);
        foreach (var participant in participants)
        {
            if (byKey.TryGetValue(participant.PersonKey, out var person))
            {
                person.Add(participant);
            }
            else
            {
                person = new AccountPerson(participant);
                byKey.Add(participant.PersonKey, person);
                persons.Add(person);
            }
        }

        return persons;
    }

    private void Add(AccountParticipant participant)
    {
        (all ??= [First]).Add(participant);
        Accepted |= participant.Accepted;
        Started |= participant.Started;
        AdherentAtWeek12 |= participant.AdherentAtWeek12;
        Completed |= participant.Completed;
        if (Earlier(participant, First))
        {
            First = participant;
        }

        if ((participant.Started && !Episode.Started) || (participant.Started == Episode.Started && Earlier(participant, Episode)))
        {
            Episode = participant;
        }
    }

    private static bool Earlier(AccountParticipant a, AccountParticipant b) =>
        a.ReferredOn < b.ReferredOn || (a.ReferredOn == b.ReferredOn && a.PrescriptionId.CompareTo(b.PrescriptionId) < 0);
}
