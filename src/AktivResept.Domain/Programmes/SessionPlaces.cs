namespace AktivResept.Domain.Programmes;

/// <summary>What booking a session gives: a place, a queue number, or nothing (full and the queue declined).</summary>
public enum PlaceDecision
{
    Place,
    Queue,
    Full,
}

/// <summary>
/// A session's counters as read under its row lock, and the one set of rules that changes them: a free place is taken
/// before anyone queues; a queue number is the next one (numbers only grow, so queue order is commit order); a freed
/// place goes to the first in the queue. The caller writes the new counters in the same transaction, so the database
/// check (<c>0 ≤ Booked ≤ Capacity</c>) and these rules never disagree.
/// </summary>
public readonly record struct SessionPlaces(int Capacity, int Booked, int Waiting, long NextQueueNumber)
{
    public int Free => Math.Max(0, Capacity - Booked);

    /// <summary>One more booker: a place if there is one, else the next queue number (or <see cref="PlaceDecision.Full"/>).</summary>
    public (PlaceDecision Decision, long? QueueNumber, SessionPlaces After) Book(bool acceptWaitingList)
    {
        if (Booked < Capacity)
        {
            return (PlaceDecision.Place, null, this with { Booked = Booked + 1 });
        }

        return acceptWaitingList
            ? (PlaceDecision.Queue, NextQueueNumber, this with { Waiting = Waiting + 1, NextQueueNumber = NextQueueNumber + 1 })
            : (PlaceDecision.Full, null, this);
    }

    /// <summary>A held place (booked or offered) let go.</summary>
    public SessionPlaces ReleasePlace() =>
        Booked > 0 ? this with { Booked = Booked - 1 } : throw new InvalidOperationException("No place is held.");

    /// <summary>A queue number given up.</summary>
    public SessionPlaces LeaveQueue() =>
        Waiting > 0 ? this with { Waiting = Waiting - 1 } : throw new InvalidOperationException("Nobody is waiting.");

    /// <summary>The first in the queue offered the free place: they hold it until they confirm or the offer lapses.</summary>
    public SessionPlaces OfferToFirstInQueue() =>
        Waiting > 0 && Booked < Capacity
            ? this with { Waiting = Waiting - 1, Booked = Booked + 1 }
            : throw new InvalidOperationException("No free place or nobody waiting.");

    /// <summary>Whether a freed place should go to the queue now.</summary>
    public bool ShouldPromote => Waiting > 0 && Booked < Capacity;
}
