using System.Security.Cryptography;
using System.Text;
using AktivResept.Domain.Identifiers;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// The keyed hash (HMAC-SHA256) a national id is stored and looked up by (<c>NationalIdHash</c> columns): equal ids
/// give equal hashes, but without the key the hash cannot be matched to a number.
/// </summary>
public sealed class NationalIdLookupHash(IOptions<PersonDataKeyOptions> options)
{
    private readonly byte[] _key = ConfiguredKey.Decode(options.Value.PersonLookupKey, "Security:PersonLookupKey");

    public string Of(Fodselsnummer id) => Of(id.Value);

    public string Of(string nationalId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(nationalId)));
}
