namespace AktivResept.Server.Common.Security;

public sealed class NationalIdOptions
{
    public const string Section = "Identity";

    /// <summary>Accept synthetic national ids (month + 80). On only in development and test environments.</summary>
    public bool AllowTestIdentities { get; set; }
}
