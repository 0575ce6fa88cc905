using AktivResept.Server.Common.Jobs;

namespace AktivResept.Server.Common.WarmUp;

/// <summary>
/// Warm before ready (issue 19): as the host starts, the instance runs every <see cref="IWarmUpStep"/> once, side by
/// side (one that sends requests to the instance itself once Kestrel listens) — the EF model and a pool of open
/// connections, one anonymous request per page and endpoint kind through its own pipeline, a bearer token's validation,
/// the audit writer's connection, a FHIR search and read (Fhir/WarmUp) — and only then does <c>/health/ready</c>
/// answer 200, so a load balancer's first requests do not pay for the JIT, the first query compilations and the first
/// render. <c>/health/live</c> answers throughout. Steps that fail are logged and skipped: warming is an optimisation
/// and never keeps an instance out of rotation. The periodic jobs' first pass waits for the gate and
/// <c>WarmUp:JobDelaySeconds</c> more (<see cref="FirstPassHold"/>).
/// <c>WarmUp:Enabled</c> (on by default) turns it off for the test hosts, which start many instances.
/// </summary>
public static class WarmUpModule
{
    public static IServiceCollection AddWarmUp(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(WarmUpOptions.Section).Get<WarmUpOptions>() ?? new WarmUpOptions();
        services.Configure<WarmUpOptions>(configuration.GetSection(WarmUpOptions.Section));
        var gate = new WarmUpGate();
        services.AddSingleton(gate);
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck>("warm-up");
        if (!options.Enabled)
        {
            gate.Open();
            services.AddSingleton(FirstPassHold.None);
            return services;
        }

        services.AddSingleton(new FirstPassHold(gate.Opened, TimeSpan.FromSeconds(Math.Max(0, options.JobDelaySeconds))));

        services.AddSingleton<IWarmUpStep, DatabaseWarmUp>();
        services.AddSingleton<IWarmUpStep, PipelineWarmUp>();
        services.AddHostedService<WarmUpService>();
        return services;
    }

    /// <summary>A feature's own step (e.g. the FHIR search path); like every step it runs only where the warm-up is on.</summary>
    public static IServiceCollection AddWarmUpStep<TStep>(this IServiceCollection services)
        where TStep : class, IWarmUpStep => services.AddSingleton<IWarmUpStep, TStep>();
}

/// <summary><c>WarmUp:*</c> settings.</summary>
public sealed class WarmUpOptions
{
    public const string Section = "WarmUp";

    public bool Enabled { get; set; } = true;

    /// <summary>Database connections opened and returned to the pool, so the first concurrent requests do not all connect at once.</summary>
    public int Connections { get; set; } = 8;

    /// <summary>After this long the instance says ready whatever is still warming.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// How much longer than readiness the periodic jobs wait before their first pass: the first requests after a start
    /// (a load balancer sends them at once) get the CPU before the jobs' catch-up passes do.
    /// </summary>
    public int JobDelaySeconds { get; set; } = 10;

    /// <summary>
    /// Anonymous GETs sent once through the instance's own pipeline: a page of each layout, a public JSON endpoint, the
    /// FHIR capability statement, and a FHIR search without a token (the bearer scheme, authorization and the
    /// OperationOutcome 401 of the authenticated path). None reads personal data, so none is audited.
    /// </summary>
    public string[] Paths { get; set; } = ["/health/live", "/logg-inn", "/aktiv-pa-dagtid/0301", "/api/public/aktiv-pa-dagtid/0301", "/fhir/metadata", "/fhir/ServiceRequest"];
}
