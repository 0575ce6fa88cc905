namespace AktivResept.Server.Common.RateLimits;

/// <summary>
/// Endpoint metadata the rate limiter reads. Writes need none (every POST/PUT/PATCH/DELETE is one); sign-in and
/// national-id lookups are named where they are mapped, so a new lookup endpoint says so next to its route.
/// </summary>
public static class RateLimitEndpoints
{
    /// <summary>A sign-in: counted per client address and per account (the form field that names it), not as a write.</summary>
    public static TBuilder CountsAsSignIn<TBuilder>(this TBuilder builder, string accountField)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new SignInEndpoint(accountField));

    /// <summary>Finds a person by national id (fødselsnummer or D-number): counted per user and per client address.</summary>
    public static TBuilder CountsAsNationalIdLookup<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new NationalIdLookupAttribute());

    /// <summary>Limited by its own policy instead of the write limits (the signed webhook: per integration).</summary>
    public static TBuilder HasOwnRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new OwnRateLimit());

    /// <summary>A POST that only reads (FHIR search by POST): not counted as a write.</summary>
    public static TBuilder ReadsOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ReadOnlyPost());
}

/// <summary>Marks a sign-in endpoint; <paramref name="AccountField"/> is the form field naming the account tried.</summary>
public sealed record SignInEndpoint(string AccountField);

/// <summary>Marks the limiter's exemption from the write policies (see <see cref="RateLimitEndpoints.HasOwnRateLimit{TBuilder}"/>).</summary>
public sealed record OwnRateLimit;

/// <summary>Marks a POST that changes nothing (see <see cref="RateLimitEndpoints.ReadsOnly{TBuilder}"/>).</summary>
public sealed record ReadOnlyPost;

/// <summary>
/// Marks an endpoint (or, as <c>@attribute [NationalIdLookup("POST")]</c>, a page) that finds a person by national id.
/// With methods given, only those count (a page's GET shows an empty form; its POST looks the person up).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class NationalIdLookupAttribute(params string[] methods) : Attribute
{
    public IReadOnlyList<string> Methods { get; } = methods;

    public bool AppliesTo(string method) => Methods.Count == 0 || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);
}
