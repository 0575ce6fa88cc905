using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.WarmUp;

/// <summary>
/// Builds the EF model and opens <see cref="WarmUpOptions.Connections"/> connections at once, which go back to the
/// pool: the first burst of requests then neither builds the model nor waits for a dozen connection handshakes.
/// </summary>
internal sealed class DatabaseWarmUp(IOptions<WarmUpOptions> options) : IWarmUpStep
{
    public string Name => "database";

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AktivDbContext>();
        _ = db.Model;
        await db.Database.CanConnectAsync(ct);

        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var opened = Enumerable.Range(0, Math.Max(0, options.Value.Connections)).Select(_ => scopes.CreateAsyncScope()).ToList();
        try
        {
            await Task.WhenAll(opened.Select(s => s.ServiceProvider.GetRequiredService<AktivDbContext>().Database.OpenConnectionAsync(ct)));
        }
        finally
        {
            foreach (var scope in opened)
            {
                await scope.DisposeAsync();
            }
        }
    }
}
