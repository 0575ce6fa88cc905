using AktivResept.Server.Features.Providers;

namespace AktivResept.Server.Features.Municipal.Positions;

/// <summary>
/// A position at the caller's organisation for a person identified by national id. <c>Name</c> is needed only when the
/// person holds no position anywhere yet; <c>Share</c> is a fraction of a full-time position (0.4 = 40 %).
/// </summary>
public sealed record CreatePositionRequest(string? NationalId, string? Name, string? Title, decimal? Share, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>Ends a position: its last day (it can be brought forward, never pushed past an end already set).</summary>
public sealed record EndPositionRequest(DateOnly? ValidTo);

/// <summary>A position; <c>ValidFrom</c> is null for a position registered before positions had periods.</summary>
public sealed record PositionDetail(
    Guid Id,
    Guid TrainerId,
    string Name,
    string OrganisationNumber,
    string OrganisationName,
    PositionKind Kind,
    string Title,
    decimal Share,
    DateOnly? ValidFrom,
    DateOnly? ValidTo);
