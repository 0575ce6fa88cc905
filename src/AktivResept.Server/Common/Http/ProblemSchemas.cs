namespace AktivResept.Server.Common.Http;

/// <summary>
/// The documented shape of a problem other than validation (401, 403, 404, 409...): RFC 9457 members plus the
/// catalogue <c>code</c>, its <c>args</c> and, when one field is at fault, <c>field</c>. Only for the OpenAPI
/// document; responses are written by <see cref="Problems"/>.
/// </summary>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string? Detail,
    string Code,
    IReadOnlyDictionary<string, object> Args,
    string? Field,
    string? TraceId);

/// <summary>The documented shape of a 400: each field the caller sent maps to its errors.</summary>
public sealed record ApiValidationProblem(
    string Type,
    string Title,
    int Status,
    IReadOnlyDictionary<string, IReadOnlyList<ApiError>> Errors,
    string? TraceId);

/// <summary>One error as it travels (see Domain/Errors/Error): the stable code, the English message, the named arguments.</summary>
public sealed record ApiError(string Code, string Message, IReadOnlyDictionary<string, object> Args);
