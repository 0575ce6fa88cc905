using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Features.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Benefits;

/// <summary>
/// An eligibility check; <c>purpose</c> is why the person is looked up (<see cref="LookupPurpose"/>), required unless
/// the token carries it (<see cref="AccessOptions.PurposeClaim"/>).
/// </summary>
public sealed record EligibilityCheckRequest(string? NationalId, DateOnly? StartDate, int? DurationWeeks, string? Purpose = null);

/// <summary>
/// Covered or not, and until when; <see cref="Benefit"/> (the kind of benefit, a health fact) only to a referrer with a
/// care relationship to the person (<see cref="PatientAccess"/>), otherwise null.
/// </summary>
public sealed record EligibilityCheckResponse(bool IsEligible, BenefitKind? Benefit, DateOnly? CoveredUntil, bool CoversWholePeriod, Error? Reason);

public static class BenefitsModule
{
    public static IServiceCollection AddBenefits(this IServiceCollection services)
    {
        services.AddScoped<IBenefitRegistry, DatabaseBenefitRegistry>();
        services.AddScoped<EligibilityCheck>();
        services.AddScoped<EligibilityAnswers>();
        services.AddScoped<BenefitImporter>();
        return services;
    }

    /// <summary>Lets a referrer check eligibility before issuing; the national id travels in the body, never the URL.</summary>
    public static IEndpointRouteBuilder MapBenefits(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/eligibility").WithApiDefaults("Eligibility");
        group.MapPost("/check", async Task<Results<Ok<EligibilityCheckResponse>, ProblemHttpResult>> (
            EligibilityCheckRequest request, ICurrentUserAccessor me, EligibilityAnswers eligibility, PersonDirectory people,
            HttpContext http, IOptionsMonitor<AccessOptions> access, TimeProvider clock, IOptions<TestIdentityOptions> identity, CancellationToken ct) =>
        {
            var user = me.Caller();
            if (!EligibilityAnswers.MayAsk(user))
            {
                // A look-up of someone's benefits by a caller who may not: it shows in that person's access log.
                var target = Fodselsnummer.TryParse(request.NationalId, identity.Value.AllowTestIdentities, out var asked, out _) ? await people.FindAsync(asked!, ct) : null;
                await eligibility.RefuseAsync(user, target?.Id, ct);
                return Problems.Of(StatusCodes.Status403Forbidden, "Forbidden", ApiErrorCodes.ReferrerOnly);
            }

            var errors = new ValidationErrors();
            if (!Fodselsnummer.TryParse(request.NationalId, identity.Value.AllowTestIdentities, out var id, out var idError))
            {
                errors.Add("nationalId", idError);
            }

            // The body's purpose, else the token's purpose claim if the authority issues one.
            var purpose = LookupPurpose.Stated(request.Purpose, http.User, access.CurrentValue.PurposeClaim);
            if (purpose is null)
            {
                errors.Add("purpose", ErrorCodes.Required);
            }
            else if (!LookupPurpose.IsKnown(purpose))
            {
                errors.Add("purpose", ErrorCodes.OneOf.With(("allowed", string.Join(", ", LookupPurpose.All))));
            }

            var weeks = request.DurationWeeks ?? 12;
            if (weeks is < 1 or > 52)
            {
                errors.Add("durationWeeks", ErrorCodes.Between.With(("min", 1), ("max", 52)));
            }

            var today = Oslo.Today(clock.GetUtcNow());
            var start = request.StartDate ?? today;
            if (start < today.AddYears(-1) || start > today.AddYears(1))
            {
                errors.Add("startDate", ApiErrorCodes.WithinAYear);
            }

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            var outcome = await eligibility.CheckAsync(user, id!, start, start.AddDays((weeks * 7) - 1), purpose!, ct);
            var result = outcome.Value!;
            return TypedResults.Ok(new EligibilityCheckResponse(result.IsEligible, result.Benefit, result.CoveredUntil, result.CoversWholePeriod, result.Reason));
        }).CountsAsNationalIdLookup();
        return app;
    }
}
