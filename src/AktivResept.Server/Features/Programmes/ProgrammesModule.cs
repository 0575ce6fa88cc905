using AktivResept.Server.Features.Programmes.Attendance;
using AktivResept.Server.Features.Programmes.Booking;
using AktivResept.Server.Features.Programmes.Funding;
using AktivResept.Server.Features.Programmes.Participant;
using AktivResept.Server.Features.Programmes.Timetable;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// «Aktiv på dagtid» (issue 13, <c>docs/programmes.md</c>): programmes, terms and weekly series with their dated
/// sessions, registration and eligibility on each session's date, booking with waiting lists, attendance, and the
/// claims a gym-run programme makes. <see cref="ProgrammeAccess"/> is the one need-to-know rule for all of it.
/// </summary>
public static class ProgrammesModule
{
    public static IServiceCollection AddProgrammes(this IServiceCollection services)
    {
        services.AddScoped<ProgrammeAccess>();
        services.AddScoped<ProgrammeHandover>();
        return services
            .AddProgrammeTimetable()
            .AddProgrammeBooking()
            .AddProgrammeAttendance()
            .AddProgrammeFunding()
            .AddParticipantProgrammes();
    }

    public static IEndpointRouteBuilder MapProgrammes(this IEndpointRouteBuilder app) => app
        .MapProgrammeTimetable()
        .MapProgrammeBooking()
        .MapProgrammeAttendance()
        .MapProgrammeFunding()
        .MapParticipantProgrammes();
}
