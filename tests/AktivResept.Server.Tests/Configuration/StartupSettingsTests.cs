using System.Diagnostics;
using AktivResept.Server.Common.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace AktivResept.Server.Tests.Configuration;

/// <summary>Outside Development nothing defaults: a deployed instance names its database or does not start.</summary>
public sealed class StartupSettingsTests
{
    [Fact]
    public async Task Production_without_a_database_provider_refuses_to_start_with_one_line_naming_the_setting()
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
        start.Environment.Remove("Database__Provider");
        start.Environment.Remove("ConnectionStrings__Default");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.ShouldBe(1);
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldHaveSingleItem().ShouldContain("Database:Provider");
        lines[0].ShouldStartWith("Refusing to start (Production)");
        (await output).Trim().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_an_unset_provider_is_the_one_problem(string environment) =>
        Problems(environment, []).ShouldHaveSingleItem().ShouldContain("Database:Provider is not set");

    [Fact]
    public void PostgreSQL_without_a_connection_string_names_the_connection_string() =>
        Problems("Production", new() { ["Database:Provider"] = "PostgreSQL" }).ShouldHaveSingleItem().ShouldContain("ConnectionStrings:Default");

    [Fact]
    public void A_provider_that_names_no_database_is_refused_even_in_development() =>
        Problems("Development", new() { ["Database:Provider"] = "Postgress" }).ShouldHaveSingleItem().ShouldContain("'Postgress'");

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Development_and_the_test_host_may_use_the_embedded_default(string environment) =>
        Problems(environment, []).ShouldBeEmpty();

    [Theory]
    [InlineData("PostgreSQL", "Host=db;Database=aktivresept")]
    [InlineData("Sqlite", "")]
    [InlineData("Sqlite", null)]
    public void Production_that_names_its_database_may_start(string provider, string? connectionString) =>
        Problems("Production", new() { ["Database:Provider"] = provider, ["ConnectionStrings:Default"] = connectionString }).ShouldBeEmpty();

    private static IReadOnlyList<string> Problems(string environment, Dictionary<string, string?> settings) =>
        StartupSettings.Problems(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new HostingEnvironment { EnvironmentName = environment });
}
