using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Features.Attendance.Adherence;
using AktivResept.Server.Features.Attendance.Ingest;
using AktivResept.Server.Features.Attendance.Members;
using AktivResept.Server.Features.Attendance.Reconciliation;
using AktivResept.Server.Features.Attendance.Registration;

namespace AktivResept.Server.Features.Attendance;

public static class AttendanceModule
{
    public static IServiceCollection AddAttendance(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttendanceOptions>(configuration.GetSection(AttendanceOptions.Section));
        services.AddScoped<AdherenceReader>();
        services.AddScoped<CompletionSummaries>();
        services.AddScoped<AttendanceIngestor>();
        services.AddScoped<AttendanceStore>();
        services.AddScoped<MemberLinker>();
        services.AddScoped<MemberRefs>();
        services.AddScoped<ReconciliationQueue>();
        services.AddScoped<SessionRegistration>();
        services.AddScoped<AdherenceSnapshotStore>();
        services.AddScoped<AttendanceWatermarkPass>();
        services.AddSingleton<AdherenceFullPass>();
        services.AddPeriodicJob<AdherenceJob, AttendanceOptions>(o => PeriodicJobSchedule.Every(o.RunAdherenceJob, o.AdherenceJobIntervalSeconds));

        return services;
    }

    public static IEndpointRouteBuilder MapAttendance(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/integrations/attendance", AttendanceWebhook.HandleAsync)
            .AllowAnonymous()
            .HasOwnRateLimit()
            .WithTags("Attendance")
            .WithSummary("Signed (Standard Webhooks) batch of up to 1,000 check-ins from a gym system; name the integration with ?integration= or the webhook-integration header");

        var queue = app.MapGroup("/api/integrations/reconciliation").WithApiDefaults("Attendance");
        queue.MapGet("/", async (ICurrentUserAccessor me, ReconciliationQueue q, CancellationToken ct, int page = 1, int pageSize = 50) =>
            (await q.PendingAsync(me.Caller(), page, pageSize, ct)).ToOk()).WithSummary("Events waiting to be linked or dismissed");
        queue.MapPost("/{id:guid}/link", async (Guid id, LinkRequest request, ICurrentUserAccessor me, ReconciliationQueue q, CancellationToken ct) =>
            (await q.LinkAsync(me.Caller(), id, request, ct)).ToOk());
        queue.MapPost("/{id:guid}/dismiss", async (Guid id, DismissRequest request, ICurrentUserAccessor me, ReconciliationQueue q, CancellationToken ct) =>
            (await q.DismissAsync(me.Caller(), id, request, ct)).ToOk());

        var prescriptions = app.MapGroup("/api/prescriptions/{id:guid}").WithApiDefaults("Attendance");
        prescriptions.MapPost("/sessions", async (Guid id, RegisterSessionRequest request, ICurrentUserAccessor me, SessionRegistration r, CancellationToken ct) =>
            {
                var outcome = await r.RegisterAsync(me.Caller(), id, request, ct);
                return outcome is { Succeeded: true, Value: { Created: false } existing }
                    ? TypedResults.Ok(existing.Session)
                    : (IResult)outcome.ToCreated(v => $"/api/prescriptions/{id}/sessions/{v.Session.Id}");
            })
            .WithSummary("The assigned trainer records a PT session or class (attended or no-show); retrying with the same id records it once");
        prescriptions.MapPut("/sessions/{sessionId:guid}", async (Guid id, Guid sessionId, CorrectSessionRequest request, ICurrentUserAccessor me, SessionRegistration r, CancellationToken ct) =>
                (await r.CorrectAsync(me.Caller(), id, sessionId, request, ct)).ToOk())
            .WithSummary("The trainer corrects a session they registered (type, time, attended, minutes) with a reason, before it is claimed; after that, a credit on the claim");
        prescriptions.MapPost("/sessions/{sessionId:guid}/withdraw", async (Guid id, Guid sessionId, WithdrawSessionRequest request, ICurrentUserAccessor me, SessionRegistration r, CancellationToken ct) =>
                (await r.WithdrawAsync(me.Caller(), id, sessionId, request, ct)).ToOk())
            .WithSummary("The trainer deletes a session registered by mistake, with a reason, before it is claimed: kept for the record, never counted");
        prescriptions.MapGet("/sessions", async (Guid id, ICurrentUserAccessor me, SessionRegistration r, CancellationToken ct) =>
            (await r.ListAsync(me.Caller(), id, ct)).ToOk());
        prescriptions.MapGet("/adherence", async (Guid id, ICurrentUserAccessor me, SessionRegistration r, CancellationToken ct) =>
            (await r.AdherenceAsync(me.Caller(), id, ct)).ToOk()).WithSummary("Attended vs prescribed per ISO week (Europe/Oslo), totals and the current verdict");
        prescriptions.MapGet("/member-refs", async (Guid id, ICurrentUserAccessor me, MemberRefs m, CancellationToken ct) =>
            (await m.ListAsync(me.Caller(), id, ct)).ToOk()).WithSummary("The participant token and member numbers the provider's system may use in check-ins");
        prescriptions.MapPost("/member-refs", async (Guid id, MemberRefRequest request, ICurrentUserAccessor me, MemberRefs m, CancellationToken ct) =>
            (await m.AddAsync(me.Caller(), id, request, ct)).ToOk());
        return app;
    }
}
