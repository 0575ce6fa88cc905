using System.Text;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace AktivResept.Testing;

/// <summary>
/// The words of a PDF, read back from its content streams: every string shown by a text operator (Tj, TJ, ' and "),
/// decoded from WinAnsi (Windows-1252, the encoding the health account's PDF writes), one line per operator. Enough to
/// check that a generated PDF says what it should, without a PDF text-extraction library.
/// </summary>
public static class PdfText
{
    private static readonly Encoding WinAnsi = CodePages();

    public static string Extract(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        var text = new StringBuilder();
        foreach (var page in document.Pages)
        {
            Collect(ContentReader.ReadContent(page), text);
        }

        return text.ToString();
    }

    private static void Collect(CObject content, StringBuilder text)
    {
        switch (content)
        {
            case COperator op when op.OpCode.Name is "Tj" or "TJ" or "'" or "\"":
                foreach (var operand in op.Operands)
                {
                    Collect(operand, text);
                }

                text.Append('\n');
                break;
            case CSequence sequence: // also a TJ operator's array
                foreach (var item in sequence)
                {
                    Collect(item, text);
                }

                break;
            case CString s:
                // PDFsharp hands back each byte of the string as one char.
                text.Append(WinAnsi.GetString(s.Value.Select(c => (byte)c).ToArray()));
                break;
        }
    }

    private static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
