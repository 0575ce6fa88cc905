using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Features.Notifications.Dispatch;
using AktivResept.Server.Features.Notifications.Fanout;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Notifications;

/// <summary>Intent helpers for the notification tests: run the jobs as a worker would, subscribe as a referrer.</summary>
public static class NotificationHarness
{
    public static async Task<int> FanOutAsync(this AktivApiFactory instance)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FanoutJob>().RunOnceAsync(CancellationToken.None);
    }

    public static async Task<int> DispatchAsync(this AktivApiFactory instance)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DispatchJob>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Creates a plain webhook subscription and returns its id and the once-shown secret.</summary>
    public static async Task<(Guid Id, string Secret)> SubscribeAsync(this HttpClient owner, string endpoint)
    {
        var response = await owner.PostAsJsonAsync("/api/subscriptions", new { endpoint });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var created = await response.Content.ReadFromJsonAsync<Created>(Json.Options);
        return (created!.Id, created.Secret);
    }

    private sealed record Created(Guid Id, string Secret);
}
