namespace AktivResept.Server.Components.Layout;

/// <summary>
/// Which Helsenorge design-token files the build restored into wwwroot/lib/helsenorge. When npm was unreachable they
/// are absent, the page does not link them, and site.css falls back to its own values.
/// </summary>
public sealed class ThemeAssets(IWebHostEnvironment environment)
{
    private static readonly string[] TokenFiles = ["spacers.css", "colors.css", "typography.css"];

    public IReadOnlyList<string> Stylesheets { get; } = TokenFiles
        .Where(f => environment.WebRootFileProvider.GetFileInfo($"lib/helsenorge/{f}").Exists)
        .Select(f => $"lib/helsenorge/{f}")
        .ToList();

    public bool HasFonts { get; } = environment.WebRootFileProvider.GetFileInfo("lib/helsenorge/fonts/source-sans-pro-400-regular.woff2").Exists;
}
