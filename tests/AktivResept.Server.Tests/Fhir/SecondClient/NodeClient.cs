using System.Diagnostics;

namespace AktivResept.Server.Tests.Fhir.SecondClient;

/// <summary>
/// A fact that needs node. Without node on the PATH it is skipped, and the skip reason says so loudly in the test
/// output (test.sh installs nodejs as root, like chromium; the server's build needs node and npm anyway).
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeClient.Node is null)
        {
            Skip = "SKIPPED LOUDLY: node was not found on the PATH, so the second FHIR client (fhir-kit-client) did not run. "
                + "Install nodejs and npm (test.sh does so when run as root).";
        }
    }
}

/// <summary>
/// The npm client in a temporary folder: the committed package.json and package-lock.json (fhir-kit-client, pinned,
/// no registry address) installed with <c>npm ci</c> once per test run, and the exchange script beside them.
/// </summary>
public static class NodeClient
{
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    public static string? Node { get; } = Find("node");

    /// <summary>Runs <c>node exchange.mjs</c> with <paramref name="arguments"/>; its standard output, or a failure naming its error output.</summary>
    public static async Task<string> RunExchangeAsync(params string[] arguments)
    {
        var folder = await Installed.Value;
        var (exit, output, error) = await RunAsync(Node!, folder, ["exchange.mjs", .. arguments]);
        return exit == 0 ? output : throw new InvalidOperationException($"node exchange.mjs exited with {exit}: {error}");
    }

    private static async Task<string> InstallAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "aktivresept-fhir-kit-client-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "package.json", "package-lock.json", "exchange.mjs" })
        {
            await using var resource = typeof(NodeClient).Assembly.GetManifestResourceStream("second-client." + file)
                ?? throw new InvalidOperationException($"second-client.{file} is not embedded in the test assembly.");
            await using var copy = File.Create(Path.Combine(folder, file));
            await resource.CopyToAsync(copy);
        }

        var npm = Find("npm") ?? throw new InvalidOperationException("node is installed but npm is not: install npm (test.sh does so as root).");
        var (exit, output, error) = await RunAsync(npm, folder, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"]);
        return exit == 0 ? folder : throw new InvalidOperationException($"npm ci for fhir-kit-client failed ({exit}): {output} {error}");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string folder, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
