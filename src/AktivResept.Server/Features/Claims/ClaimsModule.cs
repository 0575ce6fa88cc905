using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Claims.Corrections;
using AktivResept.Server.Features.Claims.Generation;
using AktivResept.Server.Features.Claims.Messages;
using AktivResept.Server.Features.Claims.Read;
using AktivResept.Server.Features.Claims.Review;
using AktivResept.Server.Features.Claims.Submission;
using AktivResept.Server.Features.Tariffs;

namespace AktivResept.Server.Features.Claims;

public static class ClaimsModule
{
    public static IServiceCollection AddClaims(this IServiceCollection services)
    {
        services.AddScoped<ClaimAccess>();
        services.AddScoped<ClaimInputReader>();
        services.AddScoped<ProgrammeClaimReader>();
        services.AddScoped<PayerTerms>();
        services.AddScoped<ClaimLineWriter>();
        services.AddScoped<ClaimGenerator>();
        services.AddScoped<ClaimHistory>();
        services.AddScoped<ClaimQueries>();
        services.AddScoped<ClaimSubmission>();
        services.AddScoped<ClaimReview>();
        services.AddScoped<TariffAdmin>();
        services.AddScoped<TariffVersions>();
        services.AddScoped<Payers.PayerWork>();
        services.AddScoped<ClaimCredits>();
        services.AddScoped<ClaimMessages>();
        return services;
    }

    /// <summary>
    /// Makes a provider's draft claims for a month outside a request (the demo seeding's way in; a gym uses
    /// <c>POST /api/claims/generate</c>). Returns the claims' ids.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> GenerateClaimsAsync(this IServiceProvider services, Guid providerId, DateOnly month, Domain.Prescriptions.Actor actor, CancellationToken ct) =>
        (await services.GetRequiredService<ClaimGenerator>().GenerateAsync(providerId, month, actor, ct)).ClaimIds;

    public static IEndpointRouteBuilder MapClaims(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims").WithApiDefaults("Claims");
        claims.MapPost("/generate", async (GenerateClaimsRequest request, ICurrentUserAccessor me, ClaimSubmission s, CancellationToken ct) =>
                (await s.GenerateAsync(me.Caller(), request, ct)).ToOk())
            .WithSummary("Provider admin: (re)generate the month's draft claims, one per payer; idempotent, later sessions go on a supplementary claim");
        claims.MapGet("/", async (ICurrentUserAccessor me, ClaimQueries q, CancellationToken ct, string? month, ClaimStatus? status, Guid? providerId, ClaimSignal? signal, int page = 1, int pageSize = 50) =>
                (await q.ListAsync(me.Caller(), new ClaimFilter(month, status, providerId, signal, page, pageSize), ct)).ToOk())
            .WithSummary("Claims you may see: a provider's own, or those submitted to your payer (the review queue, filterable)");
        claims.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, ClaimQueries q, CancellationToken ct) =>
            (await q.GetAsync(me.Caller(), id, ct)).ToOk());
        claims.MapGet("/{id:guid}/lines", async (Guid id, ICurrentUserAccessor me, ClaimQueries q, CancellationToken ct, ClaimLineStatus? status, ClaimSignal? signal, int page = 1, int pageSize = 100) =>
                (await q.LinesAsync(me.Caller(), id, status, signal, new PageRequest(page, pageSize), ct)).ToOk(ClaimLinesResponse.Of))
            .WithSummary("A claim's lines: priced, refused with reason codes, decided with the payer's reason, and the payer's signals");
        claims.MapPost("/{id:guid}/submit", async (Guid id, SubmitClaimRequest? request, ICurrentUserAccessor me, ClaimSubmission s, CancellationToken ct) =>
            (await s.SubmitAsync(me.Caller(), id, request ?? new SubmitClaimRequest(null), ct)).ToOk(claimId => new ClaimSubmitted(claimId, nameof(ClaimStatus.Submitted))));
        claims.MapPost("/{id:guid}/lines/{lineId:guid}/credit", async (Guid id, Guid lineId, CreditLineRequest request, ICurrentUserAccessor me, ClaimCredits c, CancellationToken ct) =>
                (await c.CreditAsync(me.Caller(), id, lineId, request, ct)).ToCreated(v => $"/api/claims/{v.ClaimId}"))
            .WithSummary("Provider admin: reverse an approved line with a credit line on the month's draft (corrections never delete)");
        claims.MapPost("/{id:guid}/review", async (Guid id, ICurrentUserAccessor me, ClaimReview r, CancellationToken ct) =>
            (await r.StartAsync(me.Caller(), id, ct)).ToOk());
        claims.MapPost("/{id:guid}/lines/{lineId:guid}/decision", async (Guid id, Guid lineId, LineDecisionRequest request, ICurrentUserAccessor me, ClaimReview r, CancellationToken ct) =>
            (await r.DecideLineAsync(me.Caller(), id, lineId, request, ct)).ToOk());
        claims.MapPost("/{id:guid}/lines/decisions", async (Guid id, BulkDecisionRequest request, ICurrentUserAccessor me, ClaimReview r, CancellationToken ct) =>
                (await r.DecideLinesAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Payer: one decision for many lines (approve, or reject with one reason code and note); all or nothing");
        claims.MapGet("/{id:guid}/messages", async (Guid id, ICurrentUserAccessor me, ClaimMessages m, CancellationToken ct) =>
                (await m.ListAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("The payer's questions and the provider's answers on a claim or its lines, oldest first");
        claims.MapPost("/{id:guid}/messages", async (Guid id, HttpRequest http, ICurrentUserAccessor me, ClaimMessages m, CancellationToken ct) =>
                (await m.PostAsync(me.Caller(), id, await MessageRequest.ReadAsync(http, ct), ct)).ToCreated(v => $"/api/claims/{id}/messages"))
            .WithMetadata(new LargeBodyAttribute(ClaimMessages.MaxAttachmentBytes + (64 * 1024)))
            .Accepts<MessageRequest.Json>("application/json", "multipart/form-data")
            .WithSummary("Payer or provider admin: write in the claim's thread (JSON {text, lineId}, or multipart with text, lineId and one file: PDF, PNG or JPEG, at most 5 MB)");
        claims.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ICurrentUserAccessor me, ClaimMessages m, CancellationToken ct) =>
            {
                var file = await m.DownloadAsync(me.Caller(), id, attachmentId, ct);
                return file.Succeeded ? Results.File(file.Value!.Content, file.Value.ContentType, file.Value.FileName) : file.ToOk();
            })
            .WithSummary("Download an attachment of the claim's thread (always as a file, never shown inline)");
        claims.MapPost("/{id:guid}/approve-clean", async (Guid id, ICurrentUserAccessor me, ClaimReview r, CancellationToken ct) =>
                (await r.ApproveCleanAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Payer: approve every undecided line that passed every rule and raised no signal");
        claims.MapPost("/{id:guid}/complete", async (Guid id, ICurrentUserAccessor me, ClaimReview r, CancellationToken ct) =>
            (await r.CompleteAsync(me.Caller(), id, ct)).ToOk());

        var tariffs = app.MapGroup("/api/tariffs").WithApiDefaults("Claims");
        tariffs.MapGet("/", async (ICurrentUserAccessor me, TariffAdmin t, CancellationToken ct, Guid? contractId) =>
            (await t.ListTariffsAsync(me.Caller(), contractId, ct)).ToOk());
        tariffs.MapPost("/", async (CreateTariffRequest request, ICurrentUserAccessor me, TariffAdmin t, CancellationToken ct) =>
            (await t.CreateTariffAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/tariffs/{v.Id}"));
        tariffs.MapGet("/schedule", async (ICurrentUserAccessor me, TariffVersions v, CancellationToken ct, Guid? contractId) =>
                (await v.ScheduleAsync(me.Caller(), contractId, ct)).ToOk())
            .WithSummary("A schedule's tariffs per service with their versions and the one in force today (national without contractId)");
        tariffs.MapPost("/versions", async (CreateTariffRequest request, ICurrentUserAccessor me, TariffVersions v, CancellationToken ct) =>
                (await v.CreateAsync(me.Caller(), request, ct)).ToCreated(c => $"/api/tariffs/{c.Created.Id}"))
            .WithSummary("Payer: a new tariff version from today or later; the version before it ends the day before, the version in force is never changed (409)");

        app.MapGroup("/api/payer").WithApiDefaults("Claims")
            .MapGet("/work", async (ICurrentUserAccessor me, Payers.PayerWork w, CancellationToken ct) => (await w.ForAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Payer: the work waiting (claims to review and the oldest, open questions and answers, the next payment run)");

        return app;
    }
}
