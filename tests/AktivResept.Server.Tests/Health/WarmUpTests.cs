using System.Net;
using AktivResept.Server.Common.Jobs;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AktivResept.Server.Tests.Health;

/// <summary>
/// Issue 19, warm from the first request: with the warm-up on (the default outside the test hosts) an instance says
/// ready only after every warm-up step has run, stays live meanwhile, and a step that fails never keeps it out of
/// rotation; the background jobs' first pass waits for readiness.
/// </summary>
public sealed class WarmUpTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task While_it_warms_up_the_instance_is_live_but_not_ready_and_afterwards_ready()
    {
        var step = new HeldStep();
        await using var instance = WithWarmUp(step);
        var client = instance.CreateClient();
        await step.Started;

        foreach (var path in new[] { "/health/ready", "/health" })
        {
            using var warming = await client.GetAsync(path);
            warming.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, path);
        }

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);

        step.Release();
        await Gate(instance).Opened.WaitAsync(TimeSpan.FromSeconds(30));
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_step_that_fails_is_skipped_and_the_instance_becomes_ready_after_the_rest()
    {
        var after = new HeldStep();
        after.Release();
        await using var instance = WithWarmUp(new FailingStep(), after);
        var client = instance.CreateClient();

        await Gate(instance).Opened.WaitAsync(TimeSpan.FromSeconds(30));

        after.Ran.ShouldBeTrue("the step after the failing one still ran");
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_background_jobs_first_pass_waits_until_the_instance_is_ready()
    {
        var step = new HeldStep();
        var probe = new JobProbe();
        await using var instance = WithWarmUp([step], services =>
        {
            services.AddSingleton(probe);
            services.AddPeriodicJob<ProbeJob, ProbeJobOptions>(_ => PeriodicJobSchedule.Every(true, 3600));
        });
        instance.CreateClient();
        await step.Started;
        probe.FirstPass.IsCompleted.ShouldBeFalse();

        step.Release();

        var gateWasOpen = await probe.FirstPass.WaitAsync(TimeSpan.FromSeconds(30));
        gateWasOpen.ShouldBeTrue("the first pass ran only once the instance was ready");
    }

    [Fact]
    public async Task A_step_that_needs_no_listening_server_runs_while_the_host_is_still_starting()
    {
        // A hosted service whose start waits for the step: the host has not started, so the server does not listen yet.
        var step = new HeldStep();
        step.Release();
        var waiting = new StartWaitsFor(step);
        await using var instance = WithWarmUp([step], services => services.AddHostedService(_ => waiting));

        instance.CreateClient();
        await Gate(instance).Opened.WaitAsync(TimeSpan.FromSeconds(30));

        waiting.SawTheStepStart.ShouldBeTrue("the step began before the host had started its services");
    }

    [Fact]
    public async Task A_step_that_needs_the_listening_server_runs_only_once_the_host_has_started()
    {
        var step = new ListeningStep();
        await using var instance = WithWarmUp(step);

        instance.CreateClient();
        await Gate(instance).Opened.WaitAsync(TimeSpan.FromSeconds(30));

        step.HostHadStarted.ShouldBe(true);
    }

    [Fact]
    public async Task With_the_warm_up_off_the_instance_is_ready_at_once()
    {
        (await app.CreateClient().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Services.GetRequiredService<WarmUpGate>().IsOpen.ShouldBeTrue();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://0.0.0.0:80", "http://127.0.0.1/")]
    [InlineData("http://[::]:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    public void The_pipeline_step_calls_the_instance_on_loopback(string listening, string expected) =>
        PipelineWarmUp.LoopbackAddress([listening])!.ToString().ShouldBe(expected);

    [Fact]
    public void The_pipeline_step_uses_a_plain_http_address_and_skips_a_host_that_has_none()
    {
        PipelineWarmUp.LoopbackAddress(["https://127.0.0.1:5443", "http://127.0.0.1:5080"])!.ToString().ShouldBe("http://127.0.0.1:5080/");
        PipelineWarmUp.LoopbackAddress(["https://127.0.0.1:5443"]).ShouldBeNull();
        PipelineWarmUp.LoopbackAddress([]).ShouldBeNull();
    }

    private WebApplicationFactory<Program> WithWarmUp(params IWarmUpStep[] steps) => WithWarmUp(steps, _ => { });

    /// <summary>The warm-up on, with these steps after the built-in ones; no delay after readiness for the jobs.</summary>
    private WebApplicationFactory<Program> WithWarmUp(IWarmUpStep[] steps, Action<IServiceCollection> more) =>
        app.WithWebHostBuilder(b =>
        {
            b.UseSetting("WarmUp:Enabled", "true");
            b.UseSetting("WarmUp:JobDelaySeconds", "0");
            b.ConfigureTestServices(services =>
            {
                foreach (var step in steps)
                {
                    services.AddSingleton<IWarmUpStep>(step);
                }

                more(services);
            });
        });

    private static WarmUpGate Gate(WebApplicationFactory<Program> instance) => instance.Services.GetRequiredService<WarmUpGate>();

    private sealed class HeldStep : IWarmUpStep
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "held";

        public Task Started => _started.Task;

        public bool Ran { get; private set; }

        public void Release() => _release.TrySetResult();

        public async Task RunAsync(IServiceProvider services, CancellationToken ct)
        {
            _started.TrySetResult();
            await _release.Task.WaitAsync(ct);
            Ran = true;
        }
    }

    /// <summary>A hosted service that does not finish starting until the step has begun (or 30 s have passed).</summary>
    private sealed class StartWaitsFor(HeldStep step) : IHostedService
    {
        public bool SawTheStepStart { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await step.Started.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            SawTheStepStart = step.Started.IsCompleted;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A step like the pipeline's, which talks to the server: records whether the host had started when it ran.</summary>
    private sealed class ListeningStep : IWarmUpStep
    {
        public string Name => "listening";

        public bool NeedsListeningServer => true;

        public bool? HostHadStarted { get; private set; }

        public Task RunAsync(IServiceProvider services, CancellationToken ct)
        {
            HostHadStarted = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested;
            return Task.CompletedTask;
        }
    }

    private sealed class FailingStep : IWarmUpStep
    {
        public string Name => "failing";

        public Task RunAsync(IServiceProvider services, CancellationToken ct) => throw new InvalidOperationException("cold");
    }

    /// <summary>Whether the warm-up gate was open when the probe job's first pass ran.</summary>
    private sealed class JobProbe
    {
        private readonly TaskCompletionSource<bool> _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> FirstPass => _firstPass.Task;

        public void Ran(bool gateOpen) => _firstPass.TrySetResult(gateOpen);
    }

    private sealed class ProbeJob(JobProbe probe, WarmUpGate gate) : IPeriodicJob
    {
        public Task RunOnceAsync(CancellationToken ct)
        {
            probe.Ran(gate.IsOpen);
            return Task.CompletedTask;
        }
    }

    private sealed class ProbeJobOptions;
}
