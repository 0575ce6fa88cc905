using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Features.Programmes.Attendance;

/// <summary>
/// The attendance slice of «Aktiv på dagtid»: the instructor's week, a session's register (mark, undo, close), notes
/// to a session's participants, and a person's programme attendance beside their prescription's adherence. Called
/// from <see cref="ProgrammesModule"/>.
/// </summary>
public static class ProgrammeAttendanceEndpoints
{
    public static IServiceCollection AddProgrammeAttendance(this IServiceCollection services) => services
        .AddScoped<SessionRegister>()
        .AddScoped<SessionMessages>()
        .AddScoped<ProgrammeAttendanceSummaries>()
        .AddPeriodicJob<SessionDayCloseJob, Booking.ProgrammeBookingOptions>(o => PeriodicJobSchedule.Every(o.RunSessionCloseJob, o.SessionCloseIntervalSeconds));

    public static IEndpointRouteBuilder MapProgrammeAttendance(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/programmes").WithApiDefaults("Programmes");
        group.MapGet("/instructor/sessions", async (string? from, ICurrentUserAccessor me, SessionRegister r, CancellationToken ct) =>
                (await r.WeekAsync(me.Caller(), from, ct)).ToOk())
            .WithSummary("The sessions the caller leads (instructor) or manages (coordinator, gym admin) on seven Oslo days from ?from= (yyyy-MM-dd, default today)");
        group.MapGet("/sessions/{sessionId:guid}/attendance", async (Guid sessionId, ICurrentUserAccessor me, SessionRegister r, CancellationToken ct) =>
                (await r.RegisterAsync(me.Caller(), sessionId, ct)).ToOk())
            .WithSummary("A session's register: everyone with a confirmed place (first name and initial), their mark, and whether a gym check-in made it");
        group.MapPut("/sessions/{sessionId:guid}/attendance/{bookingId:guid}", async (Guid sessionId, Guid bookingId, MarkAttendanceRequest request, ICurrentUserAccessor me, SessionRegister r, CancellationToken ct) =>
                (await r.MarkAsync(me.Caller(), sessionId, bookingId, request, ct)).ToOk())
            .WithSummary("Mark one booked person attended or no-show, or undo (booked), on the session's Oslo day");
        group.MapPost("/sessions/{sessionId:guid}/attendance/close", async (Guid sessionId, ICurrentUserAccessor me, SessionRegister r, CancellationToken ct) =>
                (await r.CloseAsync(me.Caller(), sessionId, ct)).ToOk())
            .WithSummary("Close the day's register: everyone not yet marked is marked no-show");
        group.MapPost("/sessions/{sessionId:guid}/messages", async Task<Results<Ok<SessionMessageSent>, ProblemHttpResult>> (Guid sessionId, SessionMessageRequest request, ICurrentUserAccessor me, SessionMessages m, CancellationToken ct) =>
            {
                var outcome = await m.SendAsync(me.Caller(), sessionId, request, ct);
                if (outcome.Error?.Definition is { } code && IsContentRefusal(code))
                {
                    return Problems.Of(StatusCodes.Status422UnprocessableEntity, "Message refused", outcome.Error, "text");
                }

                return outcome.ToOk();
            })
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Send a short note (at most 300 characters, no health data, no national id: 422) by SMS to everyone holding a place on the session, each once");

        app.MapGroup("/api/prescriptions/{id:guid}").WithApiDefaults("Programmes")
            .MapGet("/programme-attendance", async (Guid id, ICurrentUserAccessor me, ProgrammeAttendanceSummaries s, CancellationToken ct) =>
                (await s.ForPrescriptionAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("The participant's «Aktiv på dagtid» attendance in the prescription's period, beside (never added to) its adherence");
        return app;
    }

    private static bool IsContentRefusal(Domain.Errors.ErrorCode code) =>
        code == ProgrammeErrorCodes.MessageHealthData || code == ProgrammeErrorCodes.MessageNationalId;
}
