namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>The booking slice of «Aktiv på dagtid»: its services and routes, called from <see cref="ProgrammesModule"/>.</summary>
public static class ProgrammeBookingEndpoints
{
    public static IServiceCollection AddProgrammeBooking(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapProgrammeBooking(this IEndpointRouteBuilder app) => app;
}
