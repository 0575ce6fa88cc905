using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Research;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AktivResept.Server.Components.Research;

/// <summary>
/// The project page's export button: a form POST (antiforgery-checked by form binding) behind the web UI's cookie
/// sign-in, exporting every variable the project is approved for in the chosen format — the same exporter, access and
/// audit as <c>POST /api/research/projects/{id}/exports</c>. A refusal goes back to the page naming the error code.
/// </summary>
public static class ResearchDownloads
{
    public static IEndpointRouteBuilder MapResearchDownloads(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{ResearchPaths.Root}/{{id:guid}}/eksport", async (Guid id, [FromForm] string? format, ICurrentUserAccessor me, ResearchProjects projects, ResearchExporter exporter, CancellationToken ct) =>
            {
                var project = await projects.GetAsync(me.User!, id, ct);
                if (!project.Succeeded)
                {
                    return Results.NotFound();
                }

                var outcome = await exporter.ExportAsync(me.User!, id, new ExportRequest([.. project.Value!.Variables.Select(v => v.Name)], format), ct);
                return outcome.Succeeded
                    ? Results.File(outcome.Value!.Content, ResearchFiles.ContentType, outcome.Value.FileName)
                    : Results.LocalRedirect($"{ResearchPaths.Detail(id)}?feil={Uri.EscapeDataString((outcome.Error ?? outcome.Errors?.ToDictionary().Values.First()[0])?.Code ?? "request.invalid")}");
            })
            .RequireAuthorization(new AuthorizeAttribute { Policy = WebUiModule.Policy, Roles = Roles.Researcher })
            .ExcludeFromDescription();
        return app;
    }
}
