using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Claims.Messages;
using Microsoft.AspNetCore.Authorization;

namespace AktivResept.Server.Components.Claims;

/// <summary>
/// An attachment in a claim's thread for the browser: the same file as GET /api/claims/{id}/attachments/{attachmentId},
/// behind the web UI's cookie sign-in. The handler decides who may read it (the claim's two parties) and audits it;
/// the file is always a download, with the type we sniffed, never the uploader's.
/// </summary>
public static class ClaimDownloads
{
    public static IEndpointRouteBuilder MapClaimDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/krav/{id:guid}/vedlegg/{attachmentId:guid}", async (Guid id, Guid attachmentId, ICurrentUserAccessor me, ClaimMessages messages, CancellationToken ct) =>
            {
                var file = await messages.DownloadAsync(me.User!, id, attachmentId, ct);
                return file.Succeeded ? Results.File(file.Value!.Content, file.Value.ContentType, file.Value.FileName) : Results.NotFound();
            })
            .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = $"{Roles.Payer},{Roles.ProviderAdmin}" })
            .ExcludeFromDescription();
        return app;
    }
}
