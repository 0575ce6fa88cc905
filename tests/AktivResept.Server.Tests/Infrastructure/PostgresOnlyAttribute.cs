using Xunit.Abstractions;
using Xunit.Sdk;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>
/// A test of something only PostgreSQL can do (row locks across instances, advisory locks, a server that can go away).
/// It carries the trait <c>Database=PostgresOnly</c>, which the SQLite run of test.sh filters out; the reason says
/// what the embedded mode does instead.
/// </summary>
[TraitDiscoverer("AktivResept.Server.Tests.Infrastructure.PostgresOnlyDiscoverer", "AktivResept.Server.Tests")]
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class PostgresOnlyAttribute(string reason) : Attribute, ITraitAttribute
{
    public string Reason { get; } = reason;
}

public sealed class PostgresOnlyDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new("Database", "PostgresOnly")];
}
