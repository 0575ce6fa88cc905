using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// Short, stable pseudonyms for record ids shown outside their owner's view (a KPI figure's drill-down): the first 10
/// hex characters of an HMAC-SHA256 of the id. The key is derived from the lookup key
/// (<see cref="PersonDataKeyOptions.PersonLookupKey"/>) for this purpose only, so a pseudonym is the same on every
/// node and every day, cannot be turned back into the id without the key, and matches no national-id hash.
/// </summary>
public sealed class Pseudonyms(IOptions<PersonDataKeyOptions> options)
{
    private readonly byte[] _key = HMACSHA256.HashData(
        ConfiguredKey.Decode(options.Value.PersonLookupKey, "Security:PersonLookupKey"), Encoding.ASCII.GetBytes("aktivresept/pseudonym/v1"));

    public string Of(Guid id) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, id.ToByteArray()))[..10];
}
