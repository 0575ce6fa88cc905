using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Consents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Features.Research;

/// <summary>Research projects and their pseudonymised exports: <c>/api/research</c> (docs/research.md).</summary>
public static class ResearchModule
{
    public static IServiceCollection AddResearch(this IServiceCollection services)
    {
        services.AddScoped<ResearchKeys>();
        services.AddScoped<ResearchProjects>();
        services.AddScoped<ResearchExporter>();
        services.AddScoped<IConsentOffers, ResearchConsentOffers>();
        return services;
    }

    public static IEndpointRouteBuilder MapResearch(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/research").WithApiDefaults("Research");
        group.MapGet("/variables", () => TypedResults.Ok(ResearchVariables.All))
            .WithSummary("The catalogue of variables a project can be approved for, with description, type and unit");
        group.MapGet("/projects", async (ICurrentUserAccessor me, ResearchProjects projects, CancellationToken ct) => (await projects.ListAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Researcher: the projects you own or are a member of");
        group.MapPost("/projects", async (CreateResearchProjectRequest request, ICurrentUserAccessor me, ResearchProjects projects, CancellationToken ct) =>
                (await projects.CreateAsync(me.Caller(), request, ct)).ToCreated(p => $"/api/research/projects/{p.Id}"))
            .WithSummary("Researcher: create a project you own (REK number, purpose, period, variables, date handling); its pseudonym key is made here and never returned");
        group.MapGet("/projects/{id:guid}", async (Guid id, ICurrentUserAccessor me, ResearchProjects projects, CancellationToken ct) => (await projects.GetAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("A project you are on: variables, consenting persons now, export history (another's project: 404)");
        group.MapPost("/projects/{id:guid}/exports", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, ExportRequest request, ICurrentUserAccessor me, ResearchExporter exporter, CancellationToken ct) =>
            {
                var outcome = await exporter.ExportAsync(me.Caller(), id, request, ct);
                return outcome.Succeeded ? TypedResults.File(outcome.Value!.Content, ResearchFiles.ContentType, outcome.Value.FileName) : outcome.ToProblem();
            })
            .WithSummary("Export for consenting persons as a zip of data.csv or data.parquet and dictionary.json (a variable not approved: 403; outside the period: 409)");
        return app;
    }
}
