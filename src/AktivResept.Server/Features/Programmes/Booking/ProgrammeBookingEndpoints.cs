using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MemberRefRequest = AktivResept.Server.Features.Attendance.MemberRefRequest;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>The booking slice of «Aktiv på dagtid»: its services and routes, called from <see cref="ProgrammesModule"/>.</summary>
public static class ProgrammeBookingEndpoints
{
    public static IServiceCollection AddProgrammeBooking(this IServiceCollection services)
    {
        services.AddOptions<ProgrammeBookingOptions>().BindConfiguration(ProgrammeBookingOptions.Section);
        services.AddScoped<ProgrammeBookingAccess>();
        services.AddScoped<ProgrammeParticipants>();
        services.AddScoped<ProgrammeReferrals>();
        services.AddScoped<ProgrammeRegistrations>();
        services.AddScoped<SessionQueue>();
        services.AddScoped<SessionBookings>();
        services.AddSingleton<PostgresBookingBatches>();
        services.AddScoped<IBookingWriter>(sp => sp.GetRequiredService<AktivDbContext>().Database.IsNpgsql()
            ? new PostgresBookingBatches.Shared(sp.GetRequiredService<PostgresBookingBatches>())
            : ActivatorUtilities.CreateInstance<EfBookingWriter>(sp));
        services.AddScoped<BookingReads>();
        services.AddScoped<RegistrationMemberRefs>();
        services.AddScoped<ProgrammeRoster>();
        services.AddPeriodicJob<OfferExpiryJob, ProgrammeBookingOptions>(o => PeriodicJobSchedule.Every(o.RunOfferExpiryJob, o.OfferExpiryIntervalSeconds));
        return services;
    }

    public static IEndpointRouteBuilder MapProgrammeBooking(this IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup("/api/programme-referrals").WithApiDefaults("Programmes");
        referrals.MapPost("/", async (IssueProgrammeReferralRequest request, ICurrentUserAccessor me, ProgrammeReferrals m, CancellationToken ct) =>
                (await m.IssueAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/programme-referrals/{v.Id}"))
            .WithSummary("Frisklivssentral or NAV counsellor: refer a person to «Aktiv på dagtid» in a municipality for a period");
        referrals.MapGet("/", async (ICurrentUserAccessor me, ProgrammeReferrals m, CancellationToken ct) => (await m.ListAsync(me.Caller(), ct)).ToOk())
            .WithSummary("The programme referrals you issued");
        referrals.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, ProgrammeReferrals m, CancellationToken ct) => (await m.GetAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("A programme referral you issued");

        var programmes = app.MapGroup("/api/programmes/{programmeId:guid}").WithApiDefaults("Programmes");
        programmes.MapPost("/registrations", RegisterAsync)
            .WithSummary("Register once for the programme (yourself, or staff for a person): 201 new, 200 already registered; not eligible today: 409 with the reason");
        programmes.MapGet("/registrations", async (Guid programmeId, string? name, ICurrentUserAccessor me, ProgrammeRoster m, CancellationToken ct) =>
                (await m.ListAsync(me.Caller(), programmeId, name, ct)).ToOk())
            .WithSummary($"Staff who manage the programme: who is registered, on what basis, paused until when, and (the running gym's admin) the linked member numbers; by name, at most {ProgrammeRoster.MaxRows}");
        programmes.MapGet("/registrations/{registrationId:guid}/member-refs", async (Guid programmeId, Guid registrationId, ICurrentUserAccessor me, RegistrationMemberRefs m, CancellationToken ct) =>
                (await m.ListAsync(me.Caller(), programmeId, registrationId, ct)).ToOk())
            .WithSummary("Gym admin of the running gym: the member numbers linked to a registered person");
        programmes.MapPost("/registrations/{registrationId:guid}/member-refs", async (Guid programmeId, Guid registrationId, MemberRefRequest request, ICurrentUserAccessor me, RegistrationMemberRefs m, CancellationToken ct) =>
                (await m.AddAsync(me.Caller(), programmeId, registrationId, request, ct)).ToOk())
            .WithSummary("Gym admin of the running gym: link your member number to a registered person, so door check-ins pre-fill their attendance (taken by another person: 409)");
        programmes.MapPost("/sessions/{sessionId:guid}/bookings", async (Guid programmeId, Guid sessionId, BookRequest request, ICurrentUserAccessor me, SessionBookings m, CancellationToken ct) =>
                (await m.BookAsync(me.Caller(), programmeId, sessionId, request, ct)).ToCreated(v => $"/api/programmes/{programmeId}/sessions/{sessionId}/bookings/{v.Id}"))
            .WithSummary("Book a place (Booked) or, when full, a queue number (Waiting; waitingList: false → 409); eligibility, pause, overlap and weekly limit refusals are 409");
        programmes.MapGet("/sessions/{sessionId:guid}/bookings", async (Guid programmeId, Guid sessionId, ICurrentUserAccessor me, BookingReads m, CancellationToken ct) =>
                (await m.SessionAsync(me.Caller(), programmeId, sessionId, ct)).ToOk())
            .WithSummary("Staff (or the instructor): the session's bookings and its waiting list in queue order");
        programmes.MapPost("/sessions/{sessionId:guid}/bookings/{bookingId:guid}/cancel", async (Guid programmeId, Guid sessionId, Guid bookingId, ICurrentUserAccessor me, SessionBookings m, CancellationToken ct) =>
                (await m.CancelAsync(me.Caller(), programmeId, sessionId, bookingId, ct)).ToOk())
            .WithSummary("Cancel a place or leave the queue (late: LateCancelled); a freed place is offered to the first in the queue");
        programmes.MapPost("/sessions/{sessionId:guid}/bookings/{bookingId:guid}/confirm", async (Guid programmeId, Guid sessionId, Guid bookingId, ICurrentUserAccessor me, SessionBookings m, CancellationToken ct) =>
                (await m.ConfirmAsync(me.Caller(), programmeId, sessionId, bookingId, ct)).ToOk())
            .WithSummary("Confirm an offered place before its deadline");

        app.MapGroup("/api/programme-bookings").WithApiDefaults("Programmes")
            .MapGet("/mine", async (ICurrentUserAccessor me, BookingReads m, CancellationToken ct, Guid? programmeId = null) => (await m.MineAsync(me.Caller(), programmeId, ct)).ToOk())
            .WithSummary("Participant: your own programme bookings");
        return app;
    }

    private static async Task<Results<Created<ProgrammeRegistrationView>, Ok<ProgrammeRegistrationView>, ProblemHttpResult>> RegisterAsync(
        Guid programmeId, RegisterRequest request, ICurrentUserAccessor me, ProgrammeRegistrations m, CancellationToken ct)
    {
        var outcome = await m.RegisterAsync(me.Caller(), programmeId, request, ct);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }

        var (registration, created) = outcome.Value!;
        return created
            ? TypedResults.Created($"/api/programmes/{programmeId}/registrations/{registration.Id}", registration)
            : TypedResults.Ok(registration);
    }
}
