namespace AktivResept.Server.Features.Consents;

/// <summary>
/// Consents another feature offers on the person's page (e.g. a research project open for consent), and the titles
/// of the purposes it owns, so the page can name them. The consent itself is always a <see cref="ConsentRecord"/>.
/// </summary>
public interface IConsentOffers
{
    Task<IReadOnlyList<OfferedConsent>> OfferedAsync(DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyDictionary<Guid, string>> TitlesAsync(IReadOnlyCollection<Guid> references, CancellationToken ct);
}
