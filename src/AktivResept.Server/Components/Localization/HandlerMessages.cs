using System.Globalization;
using System.Text.RegularExpressions;
using AktivResept.Domain.Prescriptions;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Localization;

/// <summary>
/// The use-case handlers speak English to API clients; the UI shows the person the same message in their language.
/// Unknown messages are shown as they are, so a new rule is never silently hidden.
/// </summary>
public static partial class HandlerMessages
{
    public static string Localize(IStringLocalizer<UiText> t, string message)
    {
        foreach (var (pattern, key, args) in Rules)
        {
            var match = pattern.Match(message);
            if (match.Success)
            {
                return t[key, [.. args(match, t)]];
            }
        }

        return message;
    }

    private static readonly (Regex Pattern, string Key, Func<Match, IStringLocalizer<UiText>, object[]> Args)[] Rules =
    [
        (Exact("is required.?"), "Val.Required", None),
        (Exact("is required for a participant not seen before."), "Val.RequiredNewPerson", None),
        (Exact("is not a municipality we serve."), "Val.UnknownMunicipality", None),
        (new Regex(@"^must be between (\d+) and (\d+)\.$"), "Val.Between", (m, _) => [m.Groups[1].Value, m.Groups[2].Value]),
        (new Regex(@"^may be at most (\d+) characters\.$"), "Val.MaxLength", (m, _) => [m.Groups[1].Value]),
        (new Regex("^must be an ICPC-2 code"), "Val.Icpc2", None),
        (Exact("must name at least one activity type."), "Val.ActivityRequired", None),
        (Exact("cannot be in the past."), "Val.StartInPast", None),
        (Exact("can be at most one year ahead."), "Val.StartTooLate", None),
        (Exact("The national id must be exactly 11 digits."), "Val.NationalIdDigits", None),
        (Exact("The national id has invalid control digits."), "Val.NationalIdControl", None),
        (new Regex("^The national id is a synthetic test number"), "Val.NationalIdSynthetic", None),
        (Exact("The national id does not contain a valid birth date."), "Val.NationalIdBirthDate", None),
        (new Regex("^The municipality number "), "Val.Kommunenummer", None),
        (new Regex(@"^Not eligible for state reimbursement: No active benefit on (\d{4}-\d{2}-\d{2})\.$"), "Val.NotEligibleOn", (m, _) => [Date(m.Groups[1].Value)]),
        (new Regex("^(Not eligible for state reimbursement|State reimbursement requires an active benefit)"), "Val.NotEligible", None),
        (Exact("The participant already has an open state-reimbursed prescription."), "Val.OpenStateReimbursed", None),
        (Exact("The location has no free capacity."), "Val.NoCapacity", None),
        (Exact("is not a known provider location."), "Val.UnknownLocation", None),
        (Exact("is not a trainer at this provider."), "Val.NotTrainerHere", None),
        (new Regex("^The trainer has no "), "Val.TrainerNotQualified", None),
        (new Regex(@"^A prescription that is (\w+) cannot become (\w+)\.$"), "Val.BadTransition", (m, t) => [Status(t, m.Groups[1].Value), Status(t, m.Groups[2].Value)]),
        (new Regex(@"^A reason is required"), "Val.ReasonRequired", None),
        (new Regex("^Only an issued prescription can be sent"), "Val.OnlyIssuedCanBeSent", None),
        (new Regex("^The prescription has not been sent"), "Val.NotSent", None),
        (new Regex("^The resource does not exist"), "Val.NotFound", None),
        (new Regex("^(Your role cannot|Only a referrer|Only the assigned trainer|Only a provider admin)"), "Val.Forbidden", None),
        (Exact("must be pt-session or class-attendance."), "Val.SessionType", None),
        (Exact("cannot be in the future."), "Val.InFuture", None),
        (new Regex(@"^must be within the prescription period (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\.$"), "Val.WithinPeriod", (m, _) => [Date(m.Groups[1].Value), Date(m.Groups[2].Value)]),
        (new Regex(@"^must be from (\d+) to (\d+)\.$"), "Val.Between", (m, _) => [m.Groups[1].Value, m.Groups[2].Value]),
        (new Regex("^Sessions can only be registered on an accepted prescription"), "Val.SessionsNeedAccepted", None),
        (Exact("is not an accepted prescription at your provider."), "Val.NotAcceptedHere", None),
        (new Regex(@"^The event happened on (\d{4}-\d{2}-\d{2}), outside the prescription's period (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})\.$"), "Val.EventOutsidePeriod",
            (m, _) => [Date(m.Groups[1].Value), Date(m.Groups[2].Value), Date(m.Groups[3].Value)]),
        (new Regex(@"^is required and at most (\d+) characters\.$"), "Val.RequiredMax", (m, _) => [m.Groups[1].Value]),

        // Claims and payments
        (new Regex(@"^is required, at most (\d+) characters\.$"), "Val.RequiredMax", (m, _) => [m.Groups[1].Value]),
        (new Regex("^(must be a month as|is required as a month)"), "Val.Month", None),
        (new Regex("^The claim has no payable lines"), "Val.NoPayableLines", None),
        (new Regex(@"^Only a draft can be submitted; this claim is (\w+)\.$"), "Val.OnlyDraftSubmit", (m, t) => [ClaimStatus(t, m.Groups[1].Value)]),
        (new Regex("^The claim has changed since you read it"), "Val.ClaimChanged", None),
        (new Regex("^Only an approved charge can be credited"), "Val.OnlyApprovedCredit", None),
        (Exact("The line has already been credited."), "Val.AlreadyCredited", None),
        (Exact("is required when rejecting a line."), "Val.ReasonCodeRequired", None),
        (Exact("must be approve or reject."), "Val.Decision", None),
        (new Regex(@"^Lines can only be decided while the claim is under review; this claim is (\w+)\.$"), "Val.NotUnderReview", (m, t) => [ClaimStatus(t, m.Groups[1].Value)]),
        (new Regex("^Only a submitted claim can be taken into review"), "Val.NotSubmitted", None),
        (new Regex(@"^Only a claim under review can be completed; this claim is (\w+)\.$"), "Val.CompleteNotUnderReview", (m, t) => [ClaimStatus(t, m.Groups[1].Value)]),
        (new Regex(@"^(\d+) line\(s\) are still undecided"), "Val.Undecided", (m, _) => [m.Groups[1].Value]),
        (new Regex("^The line was refused by the claim rules"), "Val.LineRefused", None),
        (Exact("The claim has no such line."), "Val.NoSuchLine", None),
        (Exact("There are no approved claims waiting for payment."), "Val.NothingToPay", None),
        (new Regex("^No provider could be paid: (.*)$"), "Val.NoProviderPaid", (m, _) => [m.Groups[1].Value]),
        (Exact("The provider has registered no valid account number."), "Val.NoAccount", None),
        // The handler formats the amount in the request's culture: a comma under Bokmål, a point elsewhere.
        (new Regex(@"^The approved amount is kr (-?\d+([.,]\d+)?); nothing to transfer\.$"), "Val.NothingToTransfer",
            (m, _) => [Shared.Money.Format(decimal.Parse(m.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture))]),
        (new Regex("^(No state payer is registered|No payer is registered for|The prescription names no paying employer)"), "Val.NoPayer", None),
        (new Regex("^Only a payer"), "Val.Forbidden", None),
    ];

    private static object[] None(Match match, IStringLocalizer<UiText> t) => [];

    private static Regex Exact(string text) => new($"^{Regex.Escape(text).Replace("\\?", "?", StringComparison.Ordinal)}$");

    private static string Date(string iso) =>
        DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d", CultureInfo.CurrentCulture);

    private static string ClaimStatus(IStringLocalizer<UiText> t, string status) =>
        Enum.TryParse<Domain.Claims.ClaimStatus>(status, out var s) ? Labels.ClaimStatus(t, s) : status;

    private static string Status(IStringLocalizer<UiText> t, string status) =>
        Enum.TryParse<PrescriptionStatus>(status, out var s) ? Labels.Status(t, s) : status;
}
