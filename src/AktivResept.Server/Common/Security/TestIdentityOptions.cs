namespace AktivResept.Server.Common.Security;

/// <summary>Section <c>Identity</c>: whether synthetic (test) national ids are accepted.</summary>
public sealed class TestIdentityOptions
{
    public const string Section = "Identity";

    /// <summary>Accept synthetic national ids (month + 80). On only in development and test environments.</summary>
    public bool AllowTestIdentities { get; set; }
}
