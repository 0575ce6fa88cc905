namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// Section <c>RateLimits</c>: one fixed window per policy (<c>RateLimits:&lt;Policy&gt;:PermitLimit</c> and
/// <c>…:WindowSeconds</c>), counted in the shared database so every app node sees the same count.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts naming one account (the persona chosen on the development sign-in).</summary>
    public RateLimitRule SignInPerAccount { get; set; } = new() { PermitLimit = 10, WindowSeconds = 300 };

    /// <summary>Sign-in attempts from one client address, whichever account they name.</summary>
    public RateLimitRule SignInPerAddress { get; set; } = new() { PermitLimit = 30, WindowSeconds = 300 };

    /// <summary>Requests that find a person by national id, per signed-in user.</summary>
    public RateLimitRule LookupsPerUser { get; set; } = new() { PermitLimit = 100, WindowSeconds = 3600 };

    /// <summary>The same per client address (a clinic behind one NAT address has several users).</summary>
    public RateLimitRule LookupsPerAddress { get; set; } = new() { PermitLimit = 1000, WindowSeconds = 3600 };

    /// <summary>POST/PUT/PATCH/DELETE on /api, /fhir and the web UI's form posts, per signed-in user.</summary>
    public RateLimitRule WritesPerUser { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>The same per client address.</summary>
    public RateLimitRule WritesPerAddress { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// <summary>Whether this instance removes counters of windows that have ended (safe in every instance).</summary>
    public bool RunCleanupJob { get; set; } = true;

    public int CleanupIntervalSeconds { get; set; } = 300;

    public RateLimitRule RuleFor(RateLimitPolicy policy) => policy.Name switch
    {
        nameof(SignInPerAccount) => SignInPerAccount,
        nameof(SignInPerAddress) => SignInPerAddress,
        nameof(LookupsPerUser) => LookupsPerUser,
        nameof(LookupsPerAddress) => LookupsPerAddress,
        nameof(WritesPerUser) => WritesPerUser,
        nameof(WritesPerAddress) => WritesPerAddress,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy.Name, "No such rate-limit policy."),
    };
}

/// <summary>At most <see cref="PermitLimit"/> requests per window of <see cref="WindowSeconds"/>, windows aligned to the epoch.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    /// <summary>Out-of-range settings are read as the nearest sensible value, never as "no limit".</summary>
    public int Limit => Math.Max(1, PermitLimit);

    public int Window => Math.Max(1, WindowSeconds);
}
