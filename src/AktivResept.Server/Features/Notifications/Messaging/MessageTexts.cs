namespace AktivResept.Server.Features.Notifications.Messaging;

public static class MessageTexts
{
    /// <summary>The fan-out's only e-mail/SMS text: it says where to look, never what happened.</summary>
    public const string NewMessage = "Du har en ny melding i AktivResept.";

    /// <summary>
    /// The one nudge text every inbox message may send: <see cref="NewMessage"/>, and where to read it when the host
    /// knows its public address (<c>Notifications:PublicUrl</c>); signing in leads there. Nothing about the message.
    /// </summary>
    public static string Nudge(string? publicUrl) =>
        string.IsNullOrWhiteSpace(publicUrl) ? NewMessage : $"{NewMessage} Les den på {publicUrl.Trim().TrimEnd('/')}/innboks";

    /// <summary>The e-mail subject, as fixed as the text: no name, no prescription, no diagnosis.</summary>
    public const string EmailSubject = "Ny melding i AktivResept";

    /// <summary>The e-mail body around the queued text.</summary>
    public static string EmailBody(string text) => $"{text}\n\nLogg inn i AktivResept for å lese den.\n";

    /// <summary>The SMS is the queued text alone.</summary>
    public static string Sms(string text) => text;
}
