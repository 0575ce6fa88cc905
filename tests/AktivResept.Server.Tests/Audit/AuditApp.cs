using System.Net.Http.Headers;
using AktivResept.Server.Cli;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Audit;

/// <summary>The test app with a checkpoint key, and helpers to seal the log and run the audit verbs against any database.</summary>
public sealed class AuditApp : AktivApiFactory
{
    public string CheckpointKey { get; } = DevelopmentSecrets.NewKey();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Audit:CheckpointKey"] = CheckpointKey };

    public async Task SealAsync(WebApplicationFactory<Program>? host = null)
    {
        await using var scope = (host ?? this).Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditSealingJob>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>The same app on another database (or as another role): same keys, clock and settings.</summary>
    public WebApplicationFactory<Program> On(string connectionString, params (string Key, string Value)[] settings) =>
        WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Default", connectionString);
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    public static HttpClient ClientOf(WebApplicationFactory<Program> host, string token)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs an audit verb as the CLI would, returning its exit code and what it printed.</summary>
    public async Task<VerbRun> RunVerbAsync(string[] args, WebApplicationFactory<Program>? host = null)
    {
        await using var scope = (host ?? this).Services.CreateAsyncScope();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = args[0] switch
        {
            "verify-audit" => await AuditVerbs.VerifyAsync(scope.ServiceProvider, args, output, error, CancellationToken.None),
            "export-audit-checkpoint" => await AuditVerbs.ExportCheckpointAsync(scope.ServiceProvider, args, output, error, CancellationToken.None),
            "migrate" => await AuditVerbs.MigrateAsync(scope.ServiceProvider, output, error, CancellationToken.None),
            _ => throw new ArgumentException(args[0]),
        };
        return new(code, output.ToString(), error.ToString());
    }
}

public sealed record VerbRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
