using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Features.HealthAccounts;

/// <summary>The health account (issue 16): scopes, the report as JSON and CSV, and the scope's non-claim costs.</summary>
public static class HealthAccountsModule
{
    public static IServiceCollection AddHealthAccounts(this IServiceCollection services)
    {
        services.AddScoped<HealthAccountAccess>();
        services.AddScoped<AccountCohortLoader>();
        services.AddScoped<HealthAccountReader>();
        services.AddScoped<OtherCosts>();
        return services;
    }

    public static IEndpointRouteBuilder MapHealthAccounts(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/health-accounts").WithApiDefaults("Health accounts");
        accounts.MapGet("/", async (ICurrentUserAccessor me, HealthAccountReader reader, CancellationToken ct) => (await reader.ScopesAsync(me.Caller(), ct)).ToOk())
            .WithSummary("The scopes whose health account you may see (municipality, contracts, pilots, the national programme), with their names");
        accounts.MapGet("/{kind}/{key}", async (string kind, string key, HttpRequest request, ICurrentUserAccessor me, HealthAccountReader reader, CancellationToken ct) =>
                (await ReadAsync(kind, key, request, me.Caller(), reader, ct)).ToOk())
            .WithSummary("The health account of a scope and period (from/to, default the last 12 months) under the assumptions in the query; an assumption out of range: 400 naming it");
        accounts.MapGet("/{kind}/{key}/csv", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string kind, string key, HttpRequest request, ICurrentUserAccessor me, HealthAccountReader reader, CancellationToken ct) =>
            {
                var outcome = await ReadAsync(kind, key, request, me.Caller(), reader, ct);
                return outcome.Succeeded
                    ? TypedResults.File(HealthAccountCsv.ToBytes(outcome.Value!), "text/csv; charset=utf-8", $"helseregnskap-{kind}-{key}-{outcome.Value!.From:yyyy-MM-dd}-{outcome.Value.To:yyyy-MM-dd}.csv")
                    : outcome.ToProblem();
            })
            .WithSummary("The same account as CSV: every table, one row per cell (table,group,measure,value,suppressed)");
        accounts.MapGet("/{kind}/{key}/other-costs", async (string kind, string key, ICurrentUserAccessor me, OtherCosts costs, CancellationToken ct) =>
                (await costs.ListAsync(me.Caller(), kind, key, ct)).ToOk())
            .WithSummary("The scope's costs entered outside the claims");
        accounts.MapPost("/{kind}/{key}/other-costs", async (string kind, string key, OtherCostRequest request, ICurrentUserAccessor me, OtherCosts costs, CancellationToken ct) =>
                (await costs.AddAsync(me.Caller(), kind, key, request, ct)).ToCreated(v => $"/api/health-accounts/{kind}/{key}/other-costs/{v.Id}"))
            .WithSummary("Coordinator or payer of the scope: enter a labelled cost outside the claims (label, payer, amount in NOK, day)");
        accounts.MapDelete("/{kind}/{key}/other-costs/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (string kind, string key, Guid id, ICurrentUserAccessor me, OtherCosts costs, CancellationToken ct) =>
            {
                var outcome = await costs.DeleteAsync(me.Caller(), kind, key, id, ct);
                return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToProblem();
            })
            .WithSummary("Coordinator or payer of the scope: delete an entered cost");
        return app;
    }

    /// <summary>The JSON and CSV routes read as the PDF route and the web page do: one parse, one reader.</summary>
    private static Task<Outcome<HealthAccountView>> ReadAsync(string kind, string key, HttpRequest request, CurrentUser user, HealthAccountReader reader, CancellationToken ct) =>
        HealthAccountRequest.ReadAsync(kind, key, request.Query, user, reader, ct);
}
