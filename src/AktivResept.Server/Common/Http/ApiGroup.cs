using AktivResept.Server.Common.Auth;

namespace AktivResept.Server.Common.Http;

public static class ApiGroup
{
    /// <summary>The defaults every /api route group shares: bearer-token auth with a known role, and JSON problem responses.</summary>
    public static RouteGroupBuilder WithApiDefaults(this RouteGroupBuilder group, string tag) =>
        group
            .RequireAuthorization(AuthModule.ApiPolicy)
            .WithTags(tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The caller of an /api request; the group's policy guarantees a valid token, this its required claims.</summary>
    public static CurrentUser Caller(this ICurrentUserAccessor accessor) =>
        accessor.User ?? throw new BadHttpRequestException("The token lacks a subject or a known role.", StatusCodes.Status401Unauthorized);
}
