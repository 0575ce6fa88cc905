using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// Counts sign-ins, national-id lookups and writes per user and per client address in the shared database (in blocks
/// of permits per node, <see cref="RateLimitLeases"/>), and
/// answers 429 with <c>Retry-After</c> once a window's limit is passed: problem details on /api, an OperationOutcome
/// (<c>throttled</c>) on /fhir, a page on the web UI (the <see cref="IProblemDetailsService"/> writers decide). Runs
/// after authentication, so it knows the user, and before authorization, antiforgery and the endpoint, so a refused
/// request does no work. Every attempt counts, refused ones included, until this node knows the window is full.
/// </summary>
public sealed class RateLimitMiddleware(
    RequestDelegate next, IOptionsMonitor<RateLimitOptions> options, RateLimitPartitions partitions, RateLimitLeases leases, TimeProvider clock, ILogger<RateLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, RateLimitCounters counters)
    {
        var kinds = KindsOf(context);
        if (kinds.Count == 0)
        {
            await next(context);
            return;
        }

        var limits = options.CurrentValue;
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var address = AddressOf(context);
        var hits = new List<CounterHit>(kinds.Count * 2);
        foreach (var kind in kinds)
        {
            var user = await UserOrAccountAsync(context, kind);
            foreach (var policy in RateLimitPolicy.For(kind))
            {
                var value = policy.By == PartitionBy.Address ? address : user;
                if (value is null)
                {
                    continue;
                }

                var window = limits.RuleFor(policy).Window;
                var start = now - (now % window);
                hits.Add(new CounterHit(policy, partitions.Of(policy.By, value), start, start + window));
            }
        }

        var refused = await RefusedAsync(hits, limits, counters, context.RequestAborted);
        if (refused.Count == 0)
        {
            await next(context);
            return;
        }

        var seconds = (int)Math.Max(1, refused.Max(h => h.WindowEnd - now));
        logger.LogWarning("Rate limit {Policies} passed by partition {Partition}; refused for {Seconds} s",
            string.Join(',', refused.Select(h => h.Policy.Name)), refused[0].PartitionKey, seconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", ApiErrorCodes.RateLimited.With(("seconds", seconds)));
    }

    /// <summary>
    /// The hits whose window is full: each takes a permit from this node's block (<see cref="RateLimitLeases"/>), and the
    /// policies without one left take a new block from the shared count, all in one statement.
    /// </summary>
    private async Task<List<CounterHit>> RefusedAsync(List<CounterHit> hits, RateLimitOptions limits, RateLimitCounters counters, CancellationToken ct)
    {
        var refused = new List<CounterHit>();
        var asking = new List<CounterHit>(hits.Count);
        foreach (var hit in hits)
        {
            var limit = limits.RuleFor(hit.Policy).Limit;
            switch (leases.TryTake(hit, limit))
            {
                case LeaseAnswer.Refused:
                    refused.Add(hit);
                    break;
                case LeaseAnswer.AskDatabase:
                    asking.Add(hit with { Amount = RateLimitLeases.BlockOf(limit) });
                    break;
            }
        }

        if (asking.Count == 0)
        {
            return refused;
        }

        var counts = await counters.CountAsync(asking, ct);
        refused.AddRange(asking.Where(h => !leases.Record(h, limits.RuleFor(h.Policy).Limit, h.Amount, counts[h.Policy.Name])));
        return refused;
    }

    /// <summary>What the request counts as: a sign-in, a national-id lookup, a write — or several of these.</summary>
    public static IReadOnlyList<RequestKind> KindsOf(HttpContext context)
    {
        var method = context.Request.Method;
        var metadata = context.GetEndpoint()?.Metadata;
        var kinds = new List<RequestKind>(2);
        var signIn = metadata?.GetMetadata<SignInEndpoint>() is not null;
        if (signIn)
        {
            kinds.Add(RequestKind.SignIn);
        }

        if (metadata?.GetMetadata<NationalIdLookupAttribute>() is { } lookup && lookup.AppliesTo(method))
        {
            kinds.Add(RequestKind.NationalIdLookup);
        }

        var write = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
        if (write && !signIn && metadata?.GetMetadata<OwnRateLimit>() is null && metadata?.GetMetadata<ReadOnlyPost>() is null)
        {
            kinds.Add(RequestKind.Write);
        }

        return kinds;
    }

    /// <summary>
    /// The client address after <c>UseForwardedHeaders</c> (X-Forwarded-For only from a known proxy). An IPv6 client
    /// is counted by its /64: one subscriber usually holds a whole /64, and would otherwise get a fresh limit per address.
    /// </summary>
    public static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPNetwork(address, 64).BaseAddress + "/64"
            : address.ToString();
    }

    private static async Task<string?> UserOrAccountAsync(HttpContext context, RequestKind kind)
    {
        if (kind == RequestKind.SignIn)
        {
            var field = context.GetEndpoint()!.Metadata.GetMetadata<SignInEndpoint>()!.AccountField;
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            return form?[field].ToString() is { Length: > 0 } account ? "account:" + account : null;
        }

        var principal = context.User;
        if (principal.Identity?.IsAuthenticated != true && !IsApi(context.Request))
        {
            // Pages sign in with the cookie (the default scheme is the API's bearer); the handler caches this result
            // for the authorization that follows.
            principal = (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal ?? new ClaimsPrincipal();
        }

        // The subject is the same whatever test identities allow; an EHR's subject names the acting professional.
        return CurrentUser.From(principal, allowTestIdentities: false)?.Subject is { } subject ? "user:" + subject : null;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase);
}
