namespace AktivResept.Server.Features.Consents;

/// <summary>
/// The current information texts a person can consent to on their own page (<c>Consents</c> in configuration). A new
/// text gets a new version; consents given to an earlier version stay as they were, and the page offers the new one.
/// </summary>
public sealed class ConsentOptions
{
    public const string Section = "Consents";

    /// <summary>The version of the contact consent's information text (UiText <c>Consents.Contact.Text</c>).</summary>
    public string ContactTextVersion { get; set; } = "kontakt-2026-12";
}
