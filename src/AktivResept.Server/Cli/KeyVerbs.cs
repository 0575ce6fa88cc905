using AktivResept.Server.Common.Security.KeyRotation;

namespace AktivResept.Server.Cli;

/// <summary>
/// Person-data key rotation (docs/security.md "Key rotation"): <c>key-status</c> counts the stored values per protected
/// column and key id (exit 1 while any is under a key the ring does not hold); <c>rekey</c> runs one pass of the
/// re-encryption job now instead of waiting for the background job.
/// </summary>
public static class KeyVerbs
{
    public static async Task<int> StatusAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var status = await services.GetRequiredService<PersonDataKeyStatus>().ReadAsync(ct);
        await output.WriteLineAsync($"current key: {status.CurrentKeyId}; ring: {string.Join(", ", status.RingKeyIds.Order(StringComparer.Ordinal))}");
        foreach (var count in status.Counts)
        {
            var note = count.KeyId == status.CurrentKeyId ? " (current)" : status.RingKeyIds.Contains(count.KeyId) ? " (older)" : " (NOT IN THE RING)";
            await output.WriteLineAsync($"{count.Column}: {count.Values} value(s) under {count.KeyId}{note}");
        }

        await output.WriteLineAsync($"{status.UnderOlderKeys} value(s) still under older keys.");
        if (status.UnderUnknownKeys > 0)
        {
            await error.WriteLineAsync($"{status.UnderUnknownKeys} value(s) are under keys the ring does not hold; configure those keys again before anything reads them.");
            return 1;
        }

        return 0;
    }

    public static async Task<int> RekeyAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var result = await services.GetRequiredService<PersonDataRekeyJob>().RunAsync(ct);
        await output.WriteLineAsync($"{result.Rewritten} value(s) re-encrypted in {result.Batches} batch(es).");
        if (result.Unreadable > 0)
        {
            await error.WriteLineAsync($"{result.Unreadable} value(s) could not be opened and were left as they are (see key-status).");
            return 1;
        }

        return 0;
    }
}
