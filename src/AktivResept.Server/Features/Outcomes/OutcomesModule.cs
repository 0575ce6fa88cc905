using AktivResept.Domain.Outcomes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Features.Outcomes.Schedule;

namespace AktivResept.Server.Features.Outcomes;

public static class OutcomesModule
{
    public static IServiceCollection AddOutcomes(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutcomeOptions>(configuration.GetSection(OutcomeOptions.Section));
        services.AddScoped<OutcomeRecording>();
        services.AddScoped<OutcomeSchedules>();
        services.AddScoped<OutcomeCompletion>();
        services.AddPeriodicJob<OutcomeScheduleJob, OutcomeOptions>(o => PeriodicJobSchedule.Every(o.RunScheduleJob, o.ScheduleJobIntervalSeconds));
        return services;
    }

    public static IEndpointRouteBuilder MapOutcomes(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup("/api/outcomes").WithApiDefaults("Outcomes");
        catalogue.MapGet("/instruments", () => TypedResults.Ok(InstrumentCatalogue.All))
            .WithSummary("The outcome instruments: parts, UCUM units, plausible ranges, MCID and its source");

        var outcomes = app.MapGroup("/api/prescriptions/{id:guid}/outcomes").WithApiDefaults("Outcomes");
        outcomes.MapGet("/", async (Guid id, ICurrentUserAccessor me, OutcomeRecording r, CancellationToken ct) =>
            (await r.SummaryAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("The schedule (due, reminded, missed), the current version of every measurement and the baseline → end changes");
        outcomes.MapPost("/", async (Guid id, RecordOutcomeRequest request, ICurrentUserAccessor me, OutcomeRecording r, CancellationToken ct) =>
            (await r.RecordAsync(me.Caller(), id, request, ct)).ToCreated(v => $"/api/prescriptions/{id}/outcomes/{v.Id}/history"))
            .WithSummary("The assigned trainer records a test, the participant answers a questionnaire");
        outcomes.MapPost("/{measurementId:guid}/corrections", async (Guid id, Guid measurementId, CorrectOutcomeRequest request, ICurrentUserAccessor me, OutcomeRecording r, CancellationToken ct) =>
            (await r.CorrectAsync(me.Caller(), id, measurementId, request, ct)).ToCreated(v => $"/api/prescriptions/{id}/outcomes/{v.Id}/history"))
            .WithSummary("Corrects the current version with a reason; the earlier version is kept with who, when and why");
        outcomes.MapGet("/{measurementId:guid}/history", async (Guid id, Guid measurementId, ICurrentUserAccessor me, OutcomeRecording r, CancellationToken ct) =>
            (await r.HistoryAsync(me.Caller(), id, measurementId, ct)).ToOk())
            .WithSummary("Every version of a measurement, oldest first");
        return app;
    }
}
