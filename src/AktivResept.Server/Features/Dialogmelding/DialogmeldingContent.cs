namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>An organisation as MsgHead names it: name, organisation number (ENH) and HER-id when known.</summary>
public sealed record MessageParty(string Name, string OrganisationNumber, string? HerId);

/// <summary>The referrer the note is for (Kontakt hos mottaker): name and HPR number.</summary>
public sealed record MessageRecipientPerson(string Name, string Hpr);

/// <summary>The patient: name and national id (fødselsnummer or D-number), what the GP's record system files it by.</summary>
public sealed record MessagePatient(string GivenName, string FamilyName, string NationalId, bool IsDNumber);

/// <summary>
/// Everything one dialogmelding carries: who sends and receives, whom it is about, and the note itself (a subject line,
/// plain-text lines, the date). Nothing else reaches the envelope, so what a GP receives is exactly this record.
/// </summary>
public sealed record DialogmeldingContent(
    Guid MsgId,
    DateTimeOffset GeneratedAt,
    MessageParty Sender,
    MessageParty Receiver,
    MessageRecipientPerson Referrer,
    MessagePatient Patient,
    Guid NoteId,
    DateOnly NoteDate,
    string Subject,
    IReadOnlyList<string> Lines);
