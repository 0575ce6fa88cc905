using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Infrastructure;

public static class ServiceProviderExtensions
{
    public static string GetConfigurationValue(this IServiceProvider services, string key) =>
        services.GetRequiredService<IConfiguration>()[key] ?? throw new InvalidOperationException($"{key} is not configured.");
}
