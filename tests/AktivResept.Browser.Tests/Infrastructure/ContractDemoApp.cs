using AktivResept.Server.Features.Contracts.Evaluation;
using AktivResept.Server.Features.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Browser.Tests.Infrastructure;

/// <summary>
/// The app with the full demo a person sees on first start: the base data plus a year of Oslo and Bergen contract
/// history, and one evaluation pass over it, so every dashboard has real figures. Its own app and database, since the
/// history would change what the other journeys count.
/// </summary>
public sealed class ContractDemoApp : IAsyncLifetime
{
    public BrowserApp App { get; } = new();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await App.WithServicesAsync(s => s.GetRequiredService<DemoHistory>().SeedAsync(CancellationToken.None));
        await App.RunKpiEvaluationAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
}

public static class KpiEvaluationArrange
{
    /// <summary>One pass of the evaluation job, as the timer would run it (the browser apps run no timers).</summary>
    public static Task RunKpiEvaluationAsync(this BrowserApp app) =>
        app.WithServicesAsync(s => s.GetRequiredService<KpiEvaluationJob>().RunOnceAsync(CancellationToken.None));
}

[CollectionDefinition(Name)]
public sealed class ContractBrowserCollection : ICollectionFixture<ContractDemoApp>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "contract browser";
}
