using System.Text.Json;

namespace AktivResept.Server.Features.Claims.Messages;

/// <summary>Reads a thread message from JSON or from a multipart form with one optional file.</summary>
public static class MessageRequest
{
    public sealed record Json(string? Text, Guid? LineId);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task<PostMessageRequest> ReadAsync(HttpRequest http, CancellationToken ct)
    {
        if (!http.HasFormContentType)
        {
            var body = await http.ReadFromJsonAsync<Json>(Web, ct) ?? new Json(null, null);
            return new PostMessageRequest(body.Text, body.LineId, null);
        }

        var form = await http.ReadFormAsync(ct);
        return await FromFormAsync(form, ct);
    }

    public static async Task<PostMessageRequest> FromFormAsync(IFormCollection form, CancellationToken ct)
    {
        var lineId = Guid.TryParse(form["lineId"].ToString(), out var id) ? id : (Guid?)null;
        UploadedFile? upload = null;
        if (form.Files.GetFile("attachment") is { Length: > 0 } file)
        {
            // Read at most one byte past the limit: enough to refuse, never the whole of a huge file.
            var buffer = new MemoryStream();
            await using var stream = file.OpenReadStream();
            var chunk = new byte[81920];
            int read;
            while (buffer.Length <= ClaimMessages.MaxAttachmentBytes && (read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            upload = new UploadedFile(file.FileName, buffer.ToArray());
        }

        return new PostMessageRequest(form["text"].ToString(), lineId, upload);
    }
}
