namespace AktivResept.Server.Features.Programmes.Attendance;

/// <summary>The attendance slice of «Aktiv på dagtid»: its services and routes, called from <see cref="ProgrammesModule"/>.</summary>
public static class ProgrammeAttendanceEndpoints
{
    public static IServiceCollection AddProgrammeAttendance(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapProgrammeAttendance(this IEndpointRouteBuilder app) => app;
}
