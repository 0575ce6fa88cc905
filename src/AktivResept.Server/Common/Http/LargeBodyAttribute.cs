namespace AktivResept.Server.Common.Http;

/// <summary>
/// Endpoint metadata (on a minimal endpoint, or as an attribute on a page) that lets one endpoint take a larger body
/// than <c>Http:MaxRequestBodyBytes</c>, such as a form with a file; <see cref="RequestSizeLimit"/> reads it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LargeBodyAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}
