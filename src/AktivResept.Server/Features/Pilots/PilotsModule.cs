using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AktivResept.Server.Features.Pilots;

public static class PilotsModule
{
    public static IServiceCollection AddPilots(this IServiceCollection services)
    {
        services.AddScoped<PilotAccess>();
        services.AddScoped<PilotManagement>();
        services.AddScoped<PilotAllocations>();
        services.AddScoped<PilotEnrolments>();

        // An outcome measurement or attendance after enrolment freezes an allocation (a module may register a stricter rule first).
        services.TryAddScoped<IPilotOutcomes, FirstObservationAsPilotOutcome>();
        // Enrolled participants are measured on the pilot's follow-up schedule (the outcomes work asks every source).
        services.AddScoped<Outcomes.IOutcomeScheduleSource, PilotOutcomeSchedule>();
        return services;
    }

    public static IEndpointRouteBuilder MapPilots(this IEndpointRouteBuilder app)
    {
        var pilots = app.MapGroup("/api/pilots").WithApiDefaults("Pilots");
        pilots.MapGet("/", async (ICurrentUserAccessor me, PilotManagement m, CancellationToken ct) => (await m.ListAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Pilots you lead, take part in as a municipality, or are named on");
        pilots.MapPost("/", async (CreatePilotRequest request, ICurrentUserAccessor me, PilotManagement m, CancellationToken ct) =>
                (await m.CreateAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/pilots/{v.Id}"))
            .WithSummary("Municipality coordinator: a pilot led by your municipality (a named municipality without an active contract: 409 naming it)");
        pilots.MapGet("/municipalities", async (ICurrentUserAccessor me, PilotManagement m, CancellationToken ct) => (await m.CandidatesAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Municipalities a pilot can name, with their number of active contracts today");
        pilots.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, PilotManagement m, CancellationToken ct) => (await m.GetAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("A pilot: municipalities, contracts and their co-financing share in force, schedule, window and target (your municipality only unless you lead it or are named on it)");
        pilots.MapGet("/{id:guid}/allocation", async (Guid id, ICurrentUserAccessor me, PilotAllocations m, CancellationToken ct) => (await m.GetAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("The allocation design, seed and list, with a check that the stored list is what the seed draws");
        pilots.MapPut("/{id:guid}/allocation", async (Guid id, SetAllocationRequest request, ICurrentUserAccessor me, PilotAllocations m, CancellationToken ct) =>
                (await m.SetAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Lead coordinator: set or replace the allocation (stepped wedge, randomised municipalities or participants); frozen once an outcome exists (409)");
        pilots.MapGet("/{id:guid}/progress", async (Guid id, ICurrentUserAccessor me, PilotEnrolments m, CancellationToken ct) => (await m.ProgressAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("Enrolments against target per municipality and month");
        pilots.MapGet("/{id:guid}/enrolments", async (Guid id, ICurrentUserAccessor me, PilotEnrolments m, CancellationToken ct, int page = 1, int pageSize = PageRequest.DefaultPageSize) =>
                (await m.ListAsync(me.Caller(), id, new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("Coordinator: the participants enrolled in your municipality, with their consent");
        pilots.MapPost("/{id:guid}/enrolments", async (Guid id, EnrolRequest request, ICurrentUserAccessor me, PilotEnrolments m, CancellationToken ct) =>
                (await m.EnrolAsync(me.Caller(), id, request, ct)).ToCreated(v => $"/api/pilots/{id}/enrolments/{v.Id}"))
            .WithSummary("Coordinator: enrol a resident with recorded consent (outside the window or without consent: 409)");
        pilots.MapPost("/{id:guid}/enrolments/{enrolmentId:guid}/withdraw", async (Guid id, Guid enrolmentId, ICurrentUserAccessor me, PilotEnrolments m, CancellationToken ct) =>
                (await m.WithdrawAsync(me.Caller(), id, enrolmentId, ct)).ToOk())
            .WithSummary("Coordinator: record that the participant withdrew consent");
        return app;
    }
}
