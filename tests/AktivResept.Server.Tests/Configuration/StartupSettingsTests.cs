using System.Diagnostics;
using AktivResept.Server.Common.Configuration;
using AktivResept.Server.Common.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace AktivResept.Server.Tests.Configuration;

/// <summary>
/// Outside Development nothing defaults (issue 20, item 4): a deployed instance names its database, its OIDC authority,
/// its person-data keys and the key its data-protection key ring is encrypted with, or it does not start — one line
/// per missing setting.
/// </summary>
public sealed class StartupSettingsTests
{
    private static readonly string DataKey = DevelopmentSecrets.NewKey();
    private static readonly string LookupKey = DevelopmentSecrets.NewKey();

    /// <summary>The exact lines an unconfigured Production start writes (appsettings.json holds no secret and no database).</summary>
    private static readonly string[] UnconfiguredProduction =
    [
        "Refusing to start (Production): Database:Provider is not set; outside Development the database must be named (PostgreSQL, or Sqlite for one embedded instance).",
        "Refusing to start (Production): Auth:Authority is not set; sign-in needs the OIDC issuer (HelseID, ID-porten) whose keys tokens are checked against.",
        "Refusing to start (Production): Security:PersonDataKey is not set; national ids and signing secrets are encrypted with it (a base64 256-bit key from the secret store).",
        "Refusing to start (Production): Security:PersonLookupKey is not set; national ids are looked up by a hash keyed with it (a base64 256-bit key from the secret store).",
        "Refusing to start (Production): DataProtection:KeyEncryptionKey is not set; the sign-in cookie and form tokens are protected by a key ring kept in the shared database and encrypted with it (a base64 256-bit key from the secret store).",
    ];

    [Fact]
    public async Task Production_without_its_settings_exits_non_zero_with_one_line_per_missing_setting_and_never_listens()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AktivResept.Server.dll")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var inherited in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.ShouldBe(1);
        (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldBe(UnconfiguredProduction);
        (await output).Trim().ShouldBeEmpty("nothing was logged, so nothing started listening");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_every_unset_setting_is_named_once(string environment) =>
        Problems(environment, []).ShouldBe(UnconfiguredProduction.Select(l => l.Replace("(Production)", $"({environment})", StringComparison.Ordinal)));

    [Fact]
    public void A_deployment_that_names_everything_may_start() =>
        Problems("Production", Deployed()).ShouldBeEmpty();

    [Fact]
    public void PostgreSQL_without_a_connection_string_names_the_connection_string() =>
        Problems("Production", Deployed(("ConnectionStrings:Default", null))).ShouldHaveSingleItem().ShouldContain("ConnectionStrings:Default");

    [Fact]
    public void A_provider_that_names_no_database_is_refused_even_in_development() =>
        Problems("Development", new() { ["Database:Provider"] = "Postgress" }).ShouldHaveSingleItem().ShouldContain("'Postgress'");

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    [InlineData("Benchmark")]
    public void Development_and_the_test_host_may_use_the_embedded_default_and_generated_keys(string environment) =>
        Problems(environment, []).ShouldBeEmpty();

    [Theory]
    [InlineData("PostgreSQL", "Host=db;Database=aktivresept")]
    [InlineData("Sqlite", "")]
    [InlineData("Sqlite", null)]
    public void Production_that_names_its_database_may_start(string provider, string? connectionString) =>
        Problems("Production", Deployed(("Database:Provider", provider), ("ConnectionStrings:Default", connectionString))).ShouldBeEmpty();

    [Theory]
    [InlineData("http://helseid.example", "is not an absolute https URL")]
    [InlineData("helseid.example", "is not an absolute https URL")]
    public void An_authority_that_is_not_https_is_refused(string authority, string expected) =>
        Problems("Production", Deployed(("Auth:Authority", authority))).ShouldHaveSingleItem().ShouldContain(expected);

    [Fact]
    public void Development_tokens_are_refused_in_a_deployment_without_asking_for_an_authority() =>
        Problems("Production", Deployed(("Auth:Mode", "Development"), ("Auth:Authority", null))).ShouldHaveSingleItem()
            .ShouldBe("Refusing to start (Production): Auth:Mode is Development; a deployment accepts only tokens from its OIDC authority (Auth:Mode=Oidc).");

    [Fact]
    public void Synthetic_identities_are_refused_in_a_deployment() =>
        Problems("Production", Deployed(("Identity:AllowTestIdentities", "true"))).ShouldHaveSingleItem().ShouldContain("Identity:AllowTestIdentities is true");

    [Theory]
    [InlineData("Security:PersonDataKey", "not base64!")]
    [InlineData("Security:PersonDataKey", "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("Security:PersonLookupKey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_key_that_is_not_256_bits_of_base64_is_refused(string setting, string value) =>
        Problems("Production", Deployed((setting, value))).ShouldHaveSingleItem()
            .ShouldBe($"Refusing to start (Production): {setting} is not a base64-encoded 256-bit key.");

    [Fact]
    public void One_key_for_both_purposes_is_refused() =>
        Problems("Production", Deployed(("Security:PersonLookupKey", DataKey))).ShouldHaveSingleItem().ShouldContain("each purpose needs its own key");

    /// <summary>What a deployment must name, valid, with some settings replaced (null removes one).</summary>
    private static Dictionary<string, string?> Deployed(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = "Host=db;Database=aktivresept",
            ["Auth:Mode"] = "Oidc",
            ["Auth:Authority"] = "https://helseid-sts.nhn.no",
            ["Security:PersonDataKey"] = DataKey,
            ["Security:PersonLookupKey"] = LookupKey,
            ["DataProtection:KeyEncryptionKey"] = DevelopmentSecrets.NewKey(),
        };
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static IReadOnlyList<string> Problems(string environment, Dictionary<string, string?> settings) =>
        StartupSettings.Problems(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new HostingEnvironment { EnvironmentName = environment });
}
