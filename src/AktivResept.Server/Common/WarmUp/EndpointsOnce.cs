namespace AktivResept.Server.Common.WarmUp;

/// <summary>
/// The minimal API endpoints built once, and on a second core (issue 19's profile of a start). ASP.NET Core reads the
/// app's endpoint data sources through two composites — authorization's policy cache, while the pipeline is built and
/// before Kestrel listens, and the router's matcher, on the first request — and each read builds every endpoint again:
/// ~215 handlers' metadata, filters and request delegates (generated at compile time by the Request Delegate Generator;
/// before it, RequestDelegateFactory compiled an expression tree for each). That was the biggest single cost of a start
/// (docs/benchmarks.md "Warm start"). Gathered into one composite, which caches what it builds, both readers share one
/// build; started on its own thread, that build overlaps the embedded database's preparation. A failure is left for the
/// host's own, synchronous read to report.
/// </summary>
public static class EndpointsOnce
{
    /// <summary>Call after the last <c>Map*</c>: endpoints mapped later would be built apart, as before.</summary>
    public static WebApplication BuildEndpointsOnce(this WebApplication app)
    {
        var sources = ((IEndpointRouteBuilder)app).DataSources;
        var once = new CompositeEndpointDataSource([.. sources]);
        sources.Clear();
        sources.Add(once);
        _ = Task.Factory.StartNew(() => once.Endpoints.Count, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return app;
    }
}
