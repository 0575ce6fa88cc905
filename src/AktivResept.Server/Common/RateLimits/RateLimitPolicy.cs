namespace AktivResept.Server.Common.RateLimits;

/// <summary>What a request is counted as: each kind has a per-user and a per-address policy.</summary>
public enum RequestKind
{
    SignIn,
    NationalIdLookup,
    Write,

    /// <summary>A signed attendance delivery: limited by its handler after the signature check, not by the middleware.</summary>
    AttendanceDelivery,
}

/// <summary>Whom a counter belongs to: the signed-in user (for a sign-in, the account it names), the client address, or a gym's integration.</summary>
public enum PartitionBy
{
    User,
    Address,
    Integration,
}

/// <summary>A named limit: its settings are <c>RateLimits:&lt;Name&gt;</c>.</summary>
public sealed record RateLimitPolicy(string Name, RequestKind Kind, PartitionBy By)
{
    public static readonly RateLimitPolicy SignInPerAccount = new(nameof(RateLimitOptions.SignInPerAccount), RequestKind.SignIn, PartitionBy.User);
    public static readonly RateLimitPolicy SignInPerAddress = new(nameof(RateLimitOptions.SignInPerAddress), RequestKind.SignIn, PartitionBy.Address);
    public static readonly RateLimitPolicy LookupsPerUser = new(nameof(RateLimitOptions.LookupsPerUser), RequestKind.NationalIdLookup, PartitionBy.User);
    public static readonly RateLimitPolicy LookupsPerAddress = new(nameof(RateLimitOptions.LookupsPerAddress), RequestKind.NationalIdLookup, PartitionBy.Address);
    public static readonly RateLimitPolicy WritesPerUser = new(nameof(RateLimitOptions.WritesPerUser), RequestKind.Write, PartitionBy.User);
    public static readonly RateLimitPolicy WritesPerAddress = new(nameof(RateLimitOptions.WritesPerAddress), RequestKind.Write, PartitionBy.Address);

    /// <summary>Deliveries per integration; its limit is <c>Integrations:RateLimitRequests</c> (Features/Integrations/IntegrationRateLimiter).</summary>
    public static readonly RateLimitPolicy WebhookPerIntegration = new("WebhookPerIntegration", RequestKind.AttendanceDelivery, PartitionBy.Integration);

    /// <summary>The policies the middleware applies, each with its <c>RateLimits:&lt;Name&gt;</c> settings.</summary>
    public static readonly IReadOnlyList<RateLimitPolicy> All =
        [SignInPerAccount, SignInPerAddress, LookupsPerUser, LookupsPerAddress, WritesPerUser, WritesPerAddress];

    public static IEnumerable<RateLimitPolicy> For(RequestKind kind) => All.Where(p => p.Kind == kind);
}
