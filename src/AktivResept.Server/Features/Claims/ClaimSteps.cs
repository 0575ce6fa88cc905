using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Claims.Review;
using AktivResept.Server.Features.Claims.Submission;

namespace AktivResept.Server.Features.Claims;

/// <summary>
/// A claim's submission and review steps outside a request, as the given user (the demo seeding's way in, like
/// <see cref="ClaimsModule.GenerateClaimsAsync"/>): the same handlers, access checks and audit as the API.
/// </summary>
public static class ClaimSteps
{
    public static Task<Outcome<Guid>> SubmitClaimAsync(this IServiceProvider services, CurrentUser gymAdmin, Guid claimId, CancellationToken ct) =>
        services.GetRequiredService<ClaimSubmission>().SubmitAsync(gymAdmin, claimId, new SubmitClaimRequest(null), ct);

    public static async Task<Outcome<bool>> ApproveCleanLinesAsync(this IServiceProvider services, CurrentUser payer, Guid claimId, CancellationToken ct) =>
        await services.GetRequiredService<ClaimReview>().ApproveCleanAsync(payer, claimId, ct) is { Succeeded: false } failed
            ? new Outcome<bool>(failed.Kind, false, failed.Errors, failed.Error, failed.Field)
            : true;

    public static async Task<Outcome<bool>> CompleteClaimAsync(this IServiceProvider services, CurrentUser payer, Guid claimId, CancellationToken ct) =>
        await services.GetRequiredService<ClaimReview>().CompleteAsync(payer, claimId, ct) is { Succeeded: false } failed
            ? new Outcome<bool>(failed.Kind, false, failed.Errors, failed.Error, failed.Field)
            : true;
}
