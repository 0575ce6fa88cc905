using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;

namespace AktivResept.Server.Common.Configuration;

/// <summary>
/// Settings a deployed instance must name itself. Development (and the test host, "Testing") may fall back to the
/// zero-set-up defaults — the embedded SQLite database, locally generated keys — but anywhere else a missing setting
/// would silently run something nobody chose, so the app refuses to start with one line per missing setting.
/// A further setting is one more <see cref="Rule"/> in <see cref="Rules"/>; the list is in README "Production".
/// </summary>
public static class StartupSettings
{
    /// <summary>A setting, when it counts as missing, the line that says so, and whether Development may do without it.</summary>
    public sealed record Rule(string Setting, Func<IConfiguration, bool> IsMissing, Func<IConfiguration, string> Message, bool InEveryEnvironment = false);

    private static readonly Rule[] Rules =
    [
        new("Database:Provider", c => DatabaseModule.ConfiguredProvider(c) is null,
            _ => "Database:Provider is not set; outside Development the database must be named (PostgreSQL, or Sqlite for one embedded instance)."),
        new("Database:Provider", c => DatabaseModule.ConfiguredProvider(c) is { } p && DatabaseModule.ProviderOf(p) is null,
            c => $"Database:Provider is '{DatabaseModule.ConfiguredProvider(c)}'; it must be PostgreSQL or Sqlite.", InEveryEnvironment: true),
        new("ConnectionStrings:Default",
            c => DatabaseModule.ProviderOf(DatabaseModule.ConfiguredProvider(c) ?? string.Empty) == DatabaseModule.Postgres &&
                 string.IsNullOrWhiteSpace(c.GetConnectionString("Default")),
            _ => "ConnectionStrings:Default is not set; Database:Provider PostgreSQL needs an Npgsql connection string.", InEveryEnvironment: true),
        new("Auth:Mode", c => IsDevelopmentAuth(c),
            _ => "Auth:Mode is Development; a deployment accepts only tokens from its OIDC authority (Auth:Mode=Oidc)."),
        new("Auth:Authority", c => !IsDevelopmentAuth(c) && string.IsNullOrWhiteSpace(c["Auth:Authority"]),
            _ => "Auth:Authority is not set; sign-in needs the OIDC issuer (HelseID, ID-porten) whose keys tokens are checked against."),
        new("Auth:Authority", c => !IsDevelopmentAuth(c) && c["Auth:Authority"] is { Length: > 0 } a &&
                                   !(Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps),
            c => $"Auth:Authority '{c["Auth:Authority"]}' is not an absolute https URL; the issuer's keys are fetched from it."),
        new("Identity:AllowTestIdentities", c => c.GetValue("Identity:AllowTestIdentities", false),
            _ => "Identity:AllowTestIdentities is true; a deployment accepts only real national ids."),
        // The legacy key or the key ring (Security:PersonDataKeys, Security:PersonDataKeyId): docs/security.md "Key rotation".
        new("Security:PersonDataKey", c => PersonDataKeyRing.Problem(c) is not null, c => PersonDataKeyRing.Problem(c)!),
        MissingKey(PersonDataKeyOptions.Section + ":" + nameof(PersonDataKeyOptions.PersonLookupKey), "national ids are looked up by a hash keyed with it"),
        MalformedKey(PersonDataKeyOptions.Section + ":" + nameof(PersonDataKeyOptions.PersonLookupKey)),
        new("Security:PersonLookupKey", c => c["Security:PersonDataKey"] is { Length: > 0 } k && k == c["Security:PersonLookupKey"],
            _ => "Security:PersonLookupKey is the same as Security:PersonDataKey; each purpose needs its own key."),
        MissingKey(SharedKeyRing.KeyEncryptionKey, "the sign-in cookie and form tokens are protected by a key ring kept in the shared database and encrypted with it"),
        MalformedKey(SharedKeyRing.KeyEncryptionKey),
    ];

    private static bool IsDevelopmentAuth(IConfiguration c) =>
        string.Equals(c["Auth:Mode"] ?? "Oidc", "Development", StringComparison.OrdinalIgnoreCase);

    private static Rule MissingKey(string setting, string purpose) =>
        new(setting, c => string.IsNullOrWhiteSpace(c[setting]),
            _ => $"{setting} is not set; {purpose} (a base64 256-bit key from the secret store).");

    private static Rule MalformedKey(string setting) =>
        new(setting, c => c[setting] is { Length: > 0 } key && !ConfiguredKey.IsValid(key),
            _ => $"{setting} is not a base64-encoded 256-bit key.");

    /// <summary>
    /// Development and the hosts tests and benchmarks start in-process ("Testing", "Benchmark": bench/BenchHost) may
    /// run on the zero-set-up defaults; anywhere else is a deployment, which must name its settings and gets the
    /// production hardening (HSTS, <c>__Host-</c> cookies).
    /// </summary>
    public static bool DefaultsAllowed(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing") || environment.IsEnvironment("Benchmark");

    /// <summary>One line per setting this environment must have and does not; empty when the app may start.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        var defaultsAllowed = DefaultsAllowed(environment);
        return [.. Rules
            .Where(r => (r.InEveryEnvironment || !defaultsAllowed) && r.IsMissing(configuration))
            .Select(r => $"Refusing to start ({environment.EnvironmentName}): {r.Message(configuration)}")];
    }

    /// <summary>Writes the problems, one line each, to standard error; false when the app must not start.</summary>
    public static bool Check(WebApplicationBuilder builder)
    {
        var problems = Problems(builder.Configuration, builder.Environment);
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem);
        }

        return problems.Count == 0;
    }
}
