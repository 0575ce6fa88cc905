namespace AktivResept.Domain.Prescriptions;

/// <summary>Whether a move is someone's decision or the system acting on the clock and on attendance.</summary>
public enum ActorKind
{
    Person,
    System,
}
