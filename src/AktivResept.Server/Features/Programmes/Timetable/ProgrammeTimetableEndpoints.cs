namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>The timetable slice of «Aktiv på dagtid»: its services and routes, called from <see cref="ProgrammesModule"/>.</summary>
public static class ProgrammeTimetableEndpoints
{
    public static IServiceCollection AddProgrammeTimetable(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapProgrammeTimetable(this IEndpointRouteBuilder app) => app;
}
