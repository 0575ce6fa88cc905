using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// The <c>Outbound</c> section: where the system may POST to (subscriptions' endpoints). By default only https URLs
/// whose host is, and resolves only to, public internet addresses.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>Allow plain http endpoints. Unset: allowed only in Development and Testing.</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>Host names allowed whatever they resolve to (a hospital's internal receiver), matched exactly, case-insensitively.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Networks (CIDR, or one address) allowed although not public, e.g. <c>10.20.0.0/16</c>.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    internal static bool TryParseNetwork(string value, out IPNetwork network)
    {
        if (IPNetwork.TryParse(value, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}

public static class OutboundSetup
{
    /// <summary>The outbound rule and the HTTP handler that applies it at connect time; safe to call from several modules.</summary>
    public static IServiceCollection AddOutboundEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundOptions>().Bind(configuration.GetSection(OutboundOptions.Section))
            .PostConfigure<IHostEnvironment>((o, environment) => o.AllowHttp ??= environment.IsDevelopment() || environment.IsEnvironment("Testing"))
            .Validate(o => o.AllowedNetworks.TrueForAll(n => OutboundOptions.TryParseNetwork(n, out _)), "Outbound:AllowedNetworks must hold CIDR networks (10.20.0.0/16) or single addresses.")
            .ValidateOnStart();
        services.TryAddSingleton<IHostResolver, SystemHostResolver>();
        services.TryAddSingleton<OutboundEndpoints>();
        return services;
    }
}
