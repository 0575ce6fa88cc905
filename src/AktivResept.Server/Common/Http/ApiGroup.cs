using AktivResept.Server.Common.Auth;

namespace AktivResept.Server.Common.Http;

public static class ApiGroup
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>
    /// The defaults every /api route group shares: bearer-token auth with a known role, and problem responses that the
    /// OpenAPI document describes with their codes (a handler's <c>ProblemHttpResult</c> does not describe itself).
    /// </summary>
    public static RouteGroupBuilder WithApiDefaults(this RouteGroupBuilder group, string tag) =>
        group
            .RequireAuthorization(AuthModule.ApiPolicy)
            .WithTags(tag)
            .AddEndpointFilterFactory(BoundValueFilter.Create)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ApiValidationProblem), [ProblemJson]),
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ApiProblem), [ProblemJson]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ApiProblem), [ProblemJson]),
                new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ApiProblem), [ProblemJson]),
                new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ApiProblem), [ProblemJson]));

    /// <summary>The caller of an /api request; the group's policy guarantees a valid token, this its required claims.</summary>
    public static CurrentUser Caller(this ICurrentUserAccessor accessor) =>
        accessor.User ?? throw new BadHttpRequestException("The token lacks a subject or a known role.", StatusCodes.Status401Unauthorized);
}
