namespace AktivResept.Server.Common.Security;

/// <summary>
/// The person-data keys by id (<see cref="PersonDataKeyOptions"/>): the ring's named keys plus the legacy
/// <c>Security:PersonDataKey</c> as <see cref="PersonDataEnvelope.LegacyKeyId"/>, and which one new values are written
/// with. <see cref="Problem"/> says what is wrong with a configuration in one line (start-up refuses it).
/// </summary>
public sealed class PersonDataKeyRing
{
    private PersonDataKeyRing(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId)
    {
        Keys = keys;
        CurrentKeyId = currentKeyId;
    }

    public IReadOnlyDictionary<string, byte[]> Keys { get; }

    public string CurrentKeyId { get; }

    public static PersonDataKeyRing From(PersonDataKeyOptions options)
    {
        if (Problem(options) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(options.PersonDataKey))
        {
            keys[PersonDataEnvelope.LegacyKeyId] = Convert.FromBase64String(options.PersonDataKey.Trim());
        }

        foreach (var (id, key) in options.PersonDataKeys.Where(k => !string.IsNullOrWhiteSpace(k.Value)))
        {
            keys[id] = Convert.FromBase64String(key.Trim());
        }

        return new PersonDataKeyRing(keys, CurrentOf(options));
    }

    /// <summary>What makes the configuration unusable, or null when the ring can be built.</summary>
    public static string? Problem(PersonDataKeyOptions options)
    {
        var named = options.PersonDataKeys.Where(k => !string.IsNullOrWhiteSpace(k.Value)).ToList();
        var hasLegacy = !string.IsNullOrWhiteSpace(options.PersonDataKey);
        if (!hasLegacy && named.Count == 0)
        {
            return "Security:PersonDataKey is not set; national ids and signing secrets are encrypted with it (a base64 256-bit key from the secret store).";
        }

        if (hasLegacy && !ConfiguredKey.IsValid(options.PersonDataKey))
        {
            return "Security:PersonDataKey is not a base64-encoded 256-bit key.";
        }

        foreach (var (id, key) in named)
        {
            if (!PersonDataEnvelope.IsValidKeyId(id) || string.Equals(id, PersonDataEnvelope.LegacyKeyId, StringComparison.OrdinalIgnoreCase))
            {
                return $"Security:PersonDataKeys:{id}: a key id is 1 to 32 letters, digits, '.', '_' or '-', and not '{PersonDataEnvelope.LegacyKeyId}'.";
            }

            if (!ConfiguredKey.IsValid(key))
            {
                return $"Security:PersonDataKeys:{id} is not a base64-encoded 256-bit key.";
            }
        }

        var current = CurrentOf(options);
        return current == PersonDataEnvelope.LegacyKeyId && !hasLegacy
            ? "Security:PersonDataKeyId is not set; name the key of Security:PersonDataKeys new values are written with."
            : current != PersonDataEnvelope.LegacyKeyId && !named.Any(k => k.Key == current)
                ? $"Security:PersonDataKeyId '{current}' names no key in Security:PersonDataKeys."
                : null;
    }

    public static string? Problem(IConfiguration configuration)
    {
        var options = new PersonDataKeyOptions();
        configuration.GetSection(PersonDataKeyOptions.Section).Bind(options);
        return Problem(options);
    }

    private static string CurrentOf(PersonDataKeyOptions options) =>
        string.IsNullOrWhiteSpace(options.PersonDataKeyId) ? PersonDataEnvelope.LegacyKeyId : options.PersonDataKeyId.Trim();
}
