using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Prescriptions.Drafts;
using AktivResept.Server.Features.Prescriptions.Expiry;
using AktivResept.Server.Features.Prescriptions.Issue;
using AktivResept.Server.Features.Prescriptions.Matching;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Features.Prescriptions.Transitions;
using Microsoft.AspNetCore.Mvc;

namespace AktivResept.Server.Features.Prescriptions;

public static class PrescriptionsModule
{
    public static IServiceCollection AddPrescriptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PrescriptionOptions>(configuration.GetSection(PrescriptionOptions.Section));
        services.AddScoped<PrescriptionReader>();
        services.AddScoped<PrescriptionQueries>();
        services.AddScoped<IssueRules>();
        services.AddScoped<IssuePrescriptionHandler>();
        services.AddScoped<PrescriptionTransitions>();
        services.AddScoped<SystemTransitions>();
        services.AddScoped<MatchCandidatesHandler>();
        services.AddScoped<QualifiedTrainersHandler>();
        services.AddScoped<ReviseDraftHandler>();
        services.AddScoped<ReferralEligibility>();
        services.AddPeriodicJob<ExpiryJob, PrescriptionOptions>(o => PeriodicJobSchedule.Every(o.RunExpiryWorker, o.ExpiryJobIntervalSeconds));

        return services;
    }

    public static IEndpointRouteBuilder MapPrescriptions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/prescriptions").WithApiDefaults("Prescriptions");

        group.MapPost("/", async (IssuePrescriptionRequest request, ICurrentUserAccessor me, IssuePrescriptionHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/prescriptions/{v.Id}"))
            .WithSummary("Issue a prescription (or save a draft with \"draft\": true)")
            .CountsAsNationalIdLookup();

        group.MapGet("/", async (ICurrentUserAccessor me, PrescriptionQueries queries, CancellationToken ct, PrescriptionStatus? status, Guid? participantId, int page = 1, int pageSize = 50) =>
                (await queries.ListAsync(me.Caller(), status, participantId, new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("List the prescriptions you may see (issued by you, sent to you, assigned to you, or your own)");

        group.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, PrescriptionQueries queries, CancellationToken ct) =>
            (await queries.GetAsync(me.Caller(), id, ct)).ToOk());

        group.MapPut("/{id:guid}", async (Guid id, IssuePrescriptionRequest request, ICurrentUserAccessor me, ReviseDraftHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Replace what a draft prescribes (same body as issuing; the participant stays the draft's own). 409 once it is no longer a draft");

        group.MapGet("/{id:guid}/eligibility", async (Guid id, ICurrentUserAccessor me, ReferralEligibility eligibility, CancellationToken ct) =>
                (await eligibility.ForPrescriptionAsync(me.Caller(), id, null, null, ct)).ToOk(r => new EligibilityCheckResponse(r.IsEligible, r.Benefit, r.CoveredUntil, r.CoversWholePeriod, r.Reason)))
            .WithSummary("Whether state reimbursement covers the prescription's period (e.g. a draft before issuing): whole period, until a date, or not (referrer)")
            .CountsAsNationalIdLookup();

        group.MapGet("/{id:guid}/candidates", async (Guid id, [FromQuery] AccessibilityFeature[]? accessibility, double? maxDistanceKm, ICurrentUserAccessor me, MatchCandidatesHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(me.Caller(), id, accessibility ?? [], maxDistanceKm, ct)).ToOk())
            .WithSummary("Providers ranked by distance, filtered by trainer competence, free capacity and accessibility");

        group.MapGet("/{id:guid}/qualified-trainers", async (Guid id, ICurrentUserAccessor me, QualifiedTrainersHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("The provider's trainers certified for the whole prescription period");

        // The body is optional: an empty POST (no content type) issues as before, a JSON body may acknowledge a partial cover.
        group.MapPost("/{id:guid}/issue", async (Guid id, HttpRequest http, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
                (await t.IssueDraftAsync(me.Caller(), id, (await IssueDraftRequest.ReadAsync(http, ct)).AcknowledgePartialCover, ct)).ToOk())
            .WithSummary("Issue a draft; when state reimbursement ends inside the period, only with {\"acknowledgePartialCover\": true} (409 naming it otherwise)");
        group.MapPost("/{id:guid}/send", async (Guid id, SendToProviderRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.SendAsync(me.Caller(), id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/resend", async (Guid id, SendToProviderRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
                (await t.ResendAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Sends a rejected prescription to another provider's location: a new prescription, issued and sent, naming the rejected one in 'replaces'");
        group.MapPost("/{id:guid}/accept", async (Guid id, AcceptRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.AcceptAsync(me.Caller(), id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/dose", async (Guid id, DoseRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
                (await t.SetDoseAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Set the dose at the initial assessment (a referral that left it open; the referrer is notified)");
        group.MapPost("/{id:guid}/reject", async (Guid id, ReasonRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.RejectAsync(me.Caller(), id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/cancel", async (Guid id, ReasonRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.CancelAsync(me.Caller(), id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/start", async (Guid id, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.StartAsync(me.Caller(), id, ct)).ToOk());
        group.MapPost("/{id:guid}/complete", async (Guid id, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.CompleteAsync(me.Caller(), id, ct)).ToOk());
        group.MapPost("/{id:guid}/drop-out", async (Guid id, ReasonRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.DropOutAsync(me.Caller(), id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/pauses", async (Guid id, PauseRequest request, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.PauseAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Pause your own prescription for illness, travel or another reason (participant)");
        group.MapPost("/{id:guid}/pauses/{pauseId:guid}/resume", async (Guid id, Guid pauseId, ICurrentUserAccessor me, PrescriptionTransitions t, CancellationToken ct) =>
            (await t.ResumeAsync(me.Caller(), id, pauseId, ct)).ToOk())
            .WithSummary("End a pause early: training resumes today (participant)");

        return app;
    }
}
