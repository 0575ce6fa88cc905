namespace AktivResept.Server.Common.Auth;

/// <summary>Claim types we read from tokens. <c>pid</c> is ID-porten's national id claim.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Hpr = "hpr";
    public const string Organisation = "org";
    public const string NationalId = "pid";
    public const string AssuranceLevel = "acr";
    public const string Name = "name";
}
