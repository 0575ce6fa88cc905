namespace AktivResept.Server.Features.Programmes.Funding;

/// <summary>The funding slice of «Aktiv på dagtid»: its services and routes, called from <see cref="ProgrammesModule"/>.</summary>
public static class ProgrammeFundingEndpoints
{
    public static IServiceCollection AddProgrammeFunding(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapProgrammeFunding(this IEndpointRouteBuilder app) => app;
}
