using AktivResept.Server.Common.Security;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Common.Auth;

public sealed class HttpCurrentUserAccessor(IHttpContextAccessor http, IOptions<TestIdentityOptions> identity) : ICurrentUserAccessor
{
    private CurrentUser? _user;

    public CurrentUser? User => _user ??= http.HttpContext?.User is { } principal
        ? CurrentUser.From(principal, identity.Value.AllowTestIdentities)
        : null;
}
