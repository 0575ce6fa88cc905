using System.Reflection;
using PdfSharp.Fonts;

namespace AktivResept.Server.Features.HealthAccounts.Pdf;

/// <summary>
/// DejaVu Sans (regular and bold), embedded in the assembly, as PDFsharp's only font source: a server or CI machine with
/// no fonts installed renders the same PDF. <see cref="EnsureRegistered"/> sets PDFsharp's process-wide resolver once
/// (it may be set only before the first font is used, so every renderer calls it first).
/// </summary>
public sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
        }
    }

    // Every family resolves to DejaVu Sans, so a default font PDFsharp asks for internally never goes unresolved.
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[] GetFont(string faceName)
    {
        var name = $"HealthAccounts.Fonts.{(faceName == Bold ? Bold : Regular)}.ttf";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
