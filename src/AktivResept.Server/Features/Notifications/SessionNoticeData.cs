namespace AktivResept.Server.Features.Notifications;

// The facts of the «Aktiv på dagtid» messages in a participant's inbox (web JSON). The details live here, behind
// sign-in; the SMS that goes with each says only that there is a message (MessageTexts.Nudge).

/// <summary>
/// <see cref="PrescriptionEventType.SessionOffer"/>: a place became free; confirm it on «Mine timer» before
/// <see cref="ConfirmBy"/>, or it goes to the next in the queue.
/// </summary>
public sealed record SessionOfferData(Guid SessionId, Guid BookingId, string Title, DateTimeOffset StartsAt, string Location, string Room, DateTimeOffset ConfirmBy);

/// <summary><see cref="PrescriptionEventType.SessionCancelled"/>: which date is off and why (the organiser's words, no health data).</summary>
public sealed record SessionCancelledData(Guid SessionId, string Programme, string Title, DateTimeOffset StartsAt, string Location, string Room, string Reason);

/// <summary>
/// <see cref="PrescriptionEventType.SessionNote"/>: the instructor's note (checked by <c>Domain/Programmes/SessionMessage</c>:
/// no national id, no health words) about one session.
/// </summary>
public sealed record SessionNoteData(Guid SessionId, string Title, DateTimeOffset StartsAt, string Text);
