using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Health;

/// <summary>
/// Issue 19: the endpoints are built once per start. The router matches a request to the very endpoint object the
/// app's endpoint data source (which authorization's policy cache reads while the pipeline is built) lists, so both
/// read one build instead of building every request delegate twice.
/// </summary>
public sealed class EndpointsOnceTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task The_router_and_the_apps_endpoint_list_share_one_build()
    {
        var matched = new List<Endpoint?>();
        await using var instance = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new RecordMatchedEndpoint(matched))));

        using var response = await instance.CreateClient().GetAsync("/health/live");

        var endpoint = matched.ShouldHaveSingleItem().ShouldNotBeNull();
        instance.Services.GetRequiredService<EndpointDataSource>().Endpoints.ShouldContain(e => ReferenceEquals(e, endpoint));
    }

    /// <summary>Wraps the whole pipeline; once it has run, the request's endpoint is the one the router matched.</summary>
    private sealed class RecordMatchedEndpoint(List<Endpoint?> matched) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (context, inner) =>
            {
                await inner(context);
                matched.Add(context.GetEndpoint());
            });
            next(builder);
        };
    }
}
