using System.Security.Cryptography;
using System.Text;
using AktivResept.Server.Common.Security;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// The stored form of a rate-limit partition (a user's subject, an account named at sign-in, a client address): an
/// HMAC-SHA256 under a key derived from the lookup key (<see cref="PersonDataKeyOptions.PersonLookupKey"/>) for this
/// purpose only, like <see cref="Pseudonyms"/>. Every node derives the same key, so counters meet in the database;
/// nothing in the table can be turned back into an address or an identity without the key.
/// </summary>
public sealed class RateLimitPartitions(IOptions<PersonDataKeyOptions> options)
{
    private readonly byte[] _key = HMACSHA256.HashData(
        ConfiguredKey.Decode(options.Value.PersonLookupKey, "Security:PersonLookupKey"), Encoding.ASCII.GetBytes("aktivresept/rate-limit/v1"));

    /// <summary>32 hex characters (128 bits): collisions between real partitions are not a concern.</summary>
    public string Of(PartitionBy by, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{by}:{value}")))[..32];
}
