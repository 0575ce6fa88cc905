using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Components.Shared;
using AktivResept.Server.Features.Prescriptions.Drafts;
using AktivResept.Server.Features.Prescriptions.Issue;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Prescriptions;

/// <summary>An eligibility answer for the period the referral form states, as the form shows it.</summary>
public sealed record CheckedCover(EligibilityResult Result, DateOnly Start, DateOnly End)
{
    /// <summary>The period as typed, if it can be read: its last day by the prescription's own rule (no pauses yet).</summary>
    public static (DateOnly Start, DateOnly End)? PeriodOf(IssuePrescriptionRequest request) =>
        request.StartDate is { } start && (request.DurationWeeks ?? PrescriptionDetails.DefaultDurationWeeks) is var weeks and >= 1 and <= 52
            ? (start, PrescriptionPeriod.EndOf(start, weeks, 0))
            : null;

    /// <summary>
    /// Asks for the person typed into the form; what keeps the question from being asked (an unreadable national id or
    /// period) is reported at that field. Null when nothing could be asked.
    /// </summary>
    public static async Task<CheckedCover?> ForFormAsync(
        ReferralEligibility eligibility, CurrentUser user, IssuePrescriptionRequest request, bool allowTestIdentities,
        FormErrors errors, IStringLocalizer<UiText> t, CancellationToken ct)
    {
        var period = PeriodOf(request);
        if (period is null)
        {
            errors.Add(request.StartDate is null ? IssueForm.StartDate : IssueForm.DurationWeeks, t["Eligibility.NeedsPeriod"]);
        }

        if (!Fodselsnummer.TryParse(request.Participant?.NationalId, allowTestIdentities, out var nationalId, out var idError))
        {
            errors.Add(IssueForm.NationalId, ErrorText.Localize(t, idError!));
            return null;
        }

        if (period is not { } p)
        {
            return null;
        }

        // The form prepares a new referral: that is the stated purpose of the look-up.
        var outcome = await eligibility.CheckAsync(user, nationalId!, p.Start, p.End, Common.Access.LookupPurpose.NewReferral, ct);
        return Shown(outcome, p, errors, t);
    }

    /// <summary>Asks for a draft's own person over the period the form now states.</summary>
    public static async Task<CheckedCover?> ForDraftAsync(
        ReferralEligibility eligibility, CurrentUser user, Guid draftId, IssuePrescriptionRequest request, FormErrors errors, IStringLocalizer<UiText> t, CancellationToken ct)
    {
        if (PeriodOf(request) is not { } p)
        {
            errors.Add(request.StartDate is null ? IssueForm.StartDate : IssueForm.DurationWeeks, t["Eligibility.NeedsPeriod"]);
            return null;
        }

        var outcome = await eligibility.ForPrescriptionAsync(user, draftId, p.Start, p.End, ct);
        return Shown(outcome, p, errors, t);
    }

    private static CheckedCover? Shown(Common.Http.Outcome<EligibilityResult> outcome, (DateOnly Start, DateOnly End) p, FormErrors errors, IStringLocalizer<UiText> t)
    {
        if (!outcome.Succeeded)
        {
            errors.AddOutcome(outcome);
            return null;
        }

        return new CheckedCover(outcome.Value!, p.Start, p.End);
    }
}
