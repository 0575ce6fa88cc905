using System.Text;

namespace AktivResept.Server.Tests.Security;

/// <summary>
/// The hostile values the schema fuzz test sends: as raw JSON tokens for body properties (raw, because a serializer
/// will not write an unpaired surrogate or bytes that are not UTF-8, and an attacker's client does) and as
/// already-encoded query or path text. Fixed lists, so every run sends the same requests.
/// </summary>
public static class HostileValues
{
    /// <summary>A string as long as a body may carry many of, well past every field's length limit.</summary>
    private static readonly string LongText = new('x', 100_000);

    public static readonly IReadOnlyList<(string Name, byte[] Json)> BodyTokens =
    [
        ("nul", Ascii("\"a\\u0000b\"")),
        ("escape-character", Ascii("\"\\u001b[2J\"")),
        ("unpaired-surrogate", Ascii("\"\\ud800\"")),
        ("reversed-surrogates", Ascii("\"\\udc00\\ud800\"")),
        ("invalid-utf8", [(byte)'"', 0xC3, 0x28, 0xFF, (byte)'"']),
        ("long-string", Ascii("\"" + LongText + "\"")),
        ("empty-string", Ascii("\"\"")),
        ("whitespace", Ascii("\"   \"")),
        ("number-overflow", Ascii("1e309")),
        ("big-integer", Ascii("99999999999999999999")),
        ("int-max-plus-one", Ascii("2147483648")),
        ("negative", Ascii("-1")),
        ("zero", Ascii("0")),
        ("tiny-fraction", Ascii("0.000000001")),
        ("nan-text", Ascii("\"NaN\"")),
        ("infinity-text", Ascii("\"-Infinity\"")),
        ("year-one", Ascii("\"0001-01-01\"")),
        ("year-9999", Ascii("\"9999-12-31\"")),
        ("month-year-one", Ascii("\"0001-01\"")),
        ("instant-year-one", Ascii("\"0001-01-01T00:00:00Z\"")),
        ("empty-guid", Ascii("\"00000000-0000-0000-0000-000000000000\"")),
        ("empty-object", Ascii("{}")),
        ("empty-array", Ascii("[]")),
        ("array-of-nul", Ascii("[\"\\u0000\"]")),
        ("boolean", Ascii("true")),
        ("null", Ascii("null")),
    ];

    /// <summary>Whole bodies: not the expected shape at all, or nested as deep as the body limit allows.</summary>
    public static readonly IReadOnlyList<(string Name, byte[] Body)> Bodies =
    [
        ("body-empty", []),
        ("body-empty-object", Ascii("{}")),
        ("body-array", Ascii("[{}]")),
        ("body-null", Ascii("null")),
        ("body-string-surrogate", Ascii("\"\\ud800\"")),
        ("body-nul-key", Ascii("{\"\\u0000\":1}")),
        ("body-deep-arrays", Ascii(new string('[', 500_000) + new string(']', 500_000))),
        ("body-deep-objects", Ascii(string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000))),
        ("body-truncated", Ascii("{\"a\":\"")),
        ("body-bom-and-garbage", [0xEF, 0xBB, 0xBF, 0x00, 0xFF]),
    ];

    /// <summary>Query and path values, percent-encoded as a client would put them on the wire.</summary>
    public static readonly IReadOnlyList<(string Name, string Encoded)> QueryValues =
    [
        ("nul", "a%00b"),
        ("escape-character", "%1B"),
        ("surrogate-as-utf8", "%ED%A0%80"),
        ("invalid-utf8", "%C3%28%FF"),
        ("long-string", new string('x', 4_000)),
        ("empty", string.Empty),
        ("nan", "NaN"),
        ("infinity", "Infinity"),
        ("negative-infinity", "-Infinity"),
        ("number-overflow", "1e309"),
        ("big-integer", "99999999999999999999"),
        ("negative", "-1"),
        ("zero", "0"),
        ("year-one", "0001-01-01"),
        ("year-9999", "9999-12-31"),
        ("month-year-one", "0001-01"),
        ("fhir-prefix-year-one", "lt0001-01-01"),
        ("fhir-prefix-year-9999", "ge9999-12-31T23:59:59Z"),
        ("empty-guid", "00000000-0000-0000-0000-000000000000"),
        ("sql-quote", "%27%3B--"),
        ("pipe-only", "%7C"),
    ];

    /// <summary>
    /// A NUL in the path never reaches the app: Kestrel answers 400 on its own (and the test server throws), so path
    /// variants leave it out; in the query string it does reach the app and is sent.
    /// </summary>
    public static bool RefusedByServerInPath(string encoded) => encoded.Contains("%00", StringComparison.Ordinal);

    private static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);
}
