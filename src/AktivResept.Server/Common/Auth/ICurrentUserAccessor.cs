namespace AktivResept.Server.Common.Auth;

public interface ICurrentUserAccessor
{
    /// <summary>The caller, or null when unauthenticated or the token's role is unknown.</summary>
    CurrentUser? User { get; }
}
