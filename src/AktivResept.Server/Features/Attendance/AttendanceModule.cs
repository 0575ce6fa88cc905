using AktivResept.Server.Features.Attendance.Adherence;

namespace AktivResept.Server.Features.Attendance;

public static class AttendanceModule
{
    public static IServiceCollection AddAttendance(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttendanceOptions>(configuration.GetSection(AttendanceOptions.Section));
        services.AddScoped<AdherenceReader>();
        return services;
    }

    public static IEndpointRouteBuilder MapAttendance(this IEndpointRouteBuilder app) => app;
}
