using AktivResept.Server.Data;

namespace AktivResept.Server.Common.Configuration;

/// <summary>
/// Settings a deployed instance must name itself. Development (and the test host, "Testing") may fall back to the
/// zero-set-up defaults — the embedded SQLite database, locally generated keys — but anywhere else a missing setting
/// would silently run something nobody chose, so the app refuses to start with one line per missing setting.
/// Further settings (OIDC authority, key material) are one more <see cref="Rule"/> in <see cref="Rules"/>.
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
    ];

    /// <summary>
    /// Development and the test host ("Testing") may run on the zero-set-up defaults; anywhere else is a deployment,
    /// which must name its settings and gets the production hardening (HSTS, <c>__Host-</c> cookies).
    /// </summary>
    public static bool DefaultsAllowed(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

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
