using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Jobs;

public static class PeriodicJobs
{
    /// <summary>
    /// Registers <typeparamref name="TJob"/> (scoped) and the worker that runs it on the schedule read from the module's
    /// options. A disabled job's worker ends at start; the job can still be run by hand (tests, CLI).
    /// </summary>
    public static IServiceCollection AddPeriodicJob<TJob, TOptions>(this IServiceCollection services, Func<TOptions, PeriodicJobSchedule> schedule)
        where TJob : class, IPeriodicJob
        where TOptions : class
    {
        services.AddScoped<TJob>();
        services.TryAddSingleton(FirstPassHold.None); // the warm-up module registers the real hold
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PeriodicJobWorker<TJob>>(sp, schedule(sp.GetRequiredService<IOptions<TOptions>>().Value)));
        return services;
    }
}
