using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Domain.Errors;

/// <summary>
/// The catalogue of codes the pure rules and the shared field checks use. A code never changes once published:
/// clients and the web UI key on it. Use-case codes of the server live in its <c>ApiErrorCodes</c>.
/// </summary>
public static class ErrorCodes
{
    // Field checks shared by every use case; the message follows the field name the error is keyed by.
    public static readonly ErrorCode Required = new("required", ErrorKind.Required, "is required.");
    public static readonly ErrorCode MaxLength = new("max-length", Invalid, "may be at most {max} characters.");
    public static readonly ErrorCode RequiredMaxLength = new("required-max-length", ErrorKind.Required, "is required and at most {max} characters.");
    public static readonly ErrorCode Between = new("between", Invalid, "must be between {min} and {max}.");
    public static readonly ErrorCode OneOf = new("one-of", Invalid, "must be one of {allowed}.");
    public static readonly ErrorCode NotInPast = new("date.not-in-past", Invalid, "cannot be in the past.");
    public static readonly ErrorCode NotInFuture = new("date.not-in-future", Invalid, "cannot be in the future.");
    public static readonly ErrorCode AtMostAYearAhead = new("date.at-most-a-year-ahead", Invalid, "can be at most one year ahead.");
    public static readonly ErrorCode NotBefore = new("date.not-before", Invalid, "cannot be before {other}.");
    public static readonly ErrorCode DateFormat = new("date.format", Invalid, "must be a date as yyyy-MM-dd.");
    public static readonly ErrorCode MonthFormat = new("month.format", Invalid, "must be a month as yyyy-MM.");
    public static readonly ErrorCode WithinPeriod = new("date.within-period", Invalid, "must be within the prescription period {from} to {to}.");
    public static readonly ErrorCode TextControlCharacter = new("text.control-character", Invalid, "must not contain the control character {character}.");
    public static readonly ErrorCode TextNotUnicode = new("text.not-unicode", Invalid, "must be Unicode text: it holds an unpaired surrogate or bytes that are not UTF-8.");
    public static readonly ErrorCode NotFinite = new("number.not-finite", Invalid, "must be a finite number (not NaN or Infinity).");
    public static readonly ErrorCode NotFound = new("not-found", ErrorKind.NotFound, "The resource does not exist or is not yours.");

    // Identifiers (Fodselsnummer, organisation, account, municipality, HPR, BIC, IBAN).
    public static readonly ErrorCode NationalIdDigits = new("national-id.digits", Invalid, "The national id must be exactly 11 digits.");
    public static readonly ErrorCode NationalIdControlDigits = new("national-id.control-digits", Invalid, "The national id has invalid control digits.");
    public static readonly ErrorCode NationalIdSynthetic = new("national-id.synthetic", Invalid, "The national id is a synthetic test number, which is not accepted here.");
    public static readonly ErrorCode NationalIdBirthDate = new("national-id.birth-date", Invalid, "The national id does not contain a valid birth date.");
    public static readonly ErrorCode MemberRefNationalId = new("member-ref.national-id", Invalid, "must be the gym's own member number, not a national identity number (fødselsnummer or D-number).");
    public static readonly ErrorCode OrganisationNumberDigits = new("organisation-number.digits", Invalid, "The organisation number must be exactly 9 digits.");
    public static readonly ErrorCode OrganisationNumberControlDigit = new("organisation-number.control-digit", Invalid, "The organisation number has an invalid control digit.");
    public static readonly ErrorCode AccountNumberDigits = new("account-number.digits", Invalid, "The account number must be exactly 11 digits.");
    public static readonly ErrorCode AccountNumberControlDigit = new("account-number.control-digit", Invalid, "The account number has an invalid control digit.");
    public static readonly ErrorCode KommunenummerFormat = new("kommunenummer.format", Invalid, "The municipality number must be exactly 4 digits with a county part from 01.");
    public static readonly ErrorCode HprNumberFormat = new("hpr-number.format", Invalid, "The HPR number must be 4 to 9 digits, not starting with 0.");
    public static readonly ErrorCode BicLength = new("bic.length", Invalid, "The BIC must be 8 or 11 characters.");
    public static readonly ErrorCode BicFormat = new("bic.format", Invalid, "The BIC must be letters or digits with a two-letter country code in positions 5–6.");
    public static readonly ErrorCode IbanFormat = new("iban.format", Invalid, "The IBAN must be a country code, two check digits and letters or digits.");
    public static readonly ErrorCode IbanLength = new("iban.length", Invalid, "The IBAN must be {min} to {max} characters.");
    public static readonly ErrorCode IbanCheckDigits = new("iban.check-digits", Invalid, "The IBAN has invalid check digits.");
    public static readonly ErrorCode IbanAccountControlDigit = new("iban.account-control-digit", Invalid, "The IBAN contains a Norwegian account number with an invalid control digit.");

    // Eligibility for state reimbursement.
    public static readonly ErrorCode NoActiveBenefit = new("eligibility.no-active-benefit", Rule, "Not eligible for state reimbursement: no active benefit on {date}.");
    public static readonly ErrorCode BenefitRequired = new("eligibility.benefit-required", Rule, "State reimbursement requires an active benefit.");

    // «Aktiv på dagtid»: who may take part on a day.
    public static readonly ErrorCode ProgrammeTooYoung = new("programme.too-young", Rule, "Aktiv på dagtid is for people aged 18 to 67: not 18 on {date} (from {from}).");
    public static readonly ErrorCode ProgrammeTooOld = new("programme.too-old", Rule, "Aktiv på dagtid is for people aged 18 to 67: older than 67 on {date}.");
    public static readonly ErrorCode ProgrammeNoBenefitOrReferral = new("programme.no-benefit-or-referral", Rule, "Aktiv på dagtid needs an active benefit (sykepenger, AAP, uføretrygd, overgangsstønad, dagpenger or sosialhjelp) or a programme referral on {date}.");

    // The prescription lifecycle.
    public static readonly ErrorCode TransitionNotAllowed = new("prescription.transition-not-allowed", Rule, "A prescription that is {from} cannot become {to}.");
    public static readonly ErrorCode TransitionHasOwnStep = new("prescription.transition-has-own-step", Rule, "Use {step} to move to {to}.");
    public static readonly ErrorCode ReasonRequired = new("prescription.reason-required", ErrorKind.Required, "A reason is required to move to {to}.");
    public static readonly ErrorCode OnlyIssuedCanBeSent = new("prescription.only-issued-can-be-sent", Rule, "Only an issued prescription can be sent to a provider; this one is {status}.");
    public static readonly ErrorCode NotSent = new("prescription.not-sent", Rule, "The prescription has not been sent to a provider.");
    public static readonly ErrorCode TrainerNotQualified = new("prescription.trainer-not-qualified", Rule, "The trainer has no trainer certification valid from {from} to {to}.");
    public static readonly ErrorCode TrainerLacksCertification = new("prescription.trainer-lacks-certification", Rule, "The trainer has no {certification} certification valid from {from} to {to}.");
    public static readonly ErrorCode PeriodNotStarted = new("prescription.period-not-started", Rule, "Training cannot start before the period begins on {start}.");
    public static readonly ErrorCode OnlyDraftCanBeEdited = new("prescription.only-draft-can-be-edited", Rule, "Only a draft can be edited or issued; this one is {status}.");
    public static readonly ErrorCode OnlyRejectedCanBeResent = new("prescription.only-rejected-can-be-resent", Rule, "Only a rejected prescription can be sent to another provider; this one is {status}.");
    public static readonly ErrorCode DoseNotSet = new("prescription.dose-not-set", Rule, "The dose is to be set at the initial assessment and has not been set yet: set sessions per week and minutes per session first.");
    public static readonly ErrorCode DoseAlreadySet = new("prescription.dose-already-set", Rule, "The dose is already set; it is set once, by the referrer or at the initial assessment.");
    public static readonly ErrorCode DoseNotOpen = new("prescription.dose-not-open", Rule, "The dose can only be set while the prescription is open; this one is {status}.");

    // KPI requirements (Domain/Kpis): a metric from the catalogue, a threshold in its range, parameters it takes.
    public static readonly ErrorCode KpiUnknownMetric = new("kpi.unknown-metric", Invalid, "{metric} is not a known KPI metric; known metrics: {allowed}.");
    public static readonly ErrorCode KpiThresholdOutOfRange = new("kpi.threshold-out-of-range", Invalid, "The threshold for {metric} must be between {min} and {max}.");
    public static readonly ErrorCode KpiParameterUnknown = new("kpi.parameter-unknown", Invalid, "{metric} takes no parameter {parameter}; it takes: {allowed}.");
    public static readonly ErrorCode KpiParameterInvalid = new("kpi.parameter-invalid", Invalid, "{value} is not a valid value for {parameter} (expected {type}).");

    // Outcome measures (Domain/Outcomes): an instrument from the catalogue, its parts in their units and plausible ranges.
    public static readonly ErrorCode OutcomeUnknownInstrument = new("outcome.unknown-instrument", Invalid, "{instrument} is not a known instrument; known instruments: {allowed}.");
    public static readonly ErrorCode OutcomeUnknownPart = new("outcome.unknown-part", Invalid, "is not a part of {instrument}; its parts are: {allowed}.");
    public static readonly ErrorCode OutcomeUnit = new("outcome.unit", Invalid, "must be given in {unit} (UCUM).");
    public static readonly ErrorCode OutcomeWholeNumber = new("outcome.whole-number", Invalid, "must be a whole number.");
    public static readonly ErrorCode OutcomeEq5dIncomplete = new("outcome.eq5d-incomplete", ErrorKind.Required, "EQ-5D-5L needs all five dimensions and the VAS; missing: {missing}.");
    public static readonly ErrorCode OutcomeDiastolicNotBelowSystolic = new("outcome.diastolic-not-below-systolic", Invalid, "must be lower than the systolic pressure ({systolic}).");
    public static readonly ErrorCode OutcomeUnknownTimepoint = new("outcome.unknown-timepoint", Invalid, "{timepoint} is not in the schedule; its timepoints are: {allowed}.");

    // Pausing a prescription (Prescriptions/PauseRules): limits in days, with what is left of the allowance.
    public static readonly ErrorCode PauseNotPausable = new("pause.not-pausable", Rule, "Only an accepted or active prescription can be paused; this one is {status}.");
    public static readonly ErrorCode PauseAfterPeriod = new("pause.after-period", Invalid, "must be on or before the last day of the prescription period, {end}.");
    public static readonly ErrorCode PauseNotAllowed = new("pause.not-allowed", Rule, "The referrer has not allowed pauses on this prescription (allowance {limitDays} days, {leftDays} left).");
    public static readonly ErrorCode PauseOverlaps = new("pause.overlaps", Rule, "overlaps your pause from {from} to {to}; pauses may not overlap (allowance {limitDays} days, {leftDays} left).");
    public static readonly ErrorCode PauseOverLimit = new("pause.over-limit", Rule, "A pause of {requestedDays} days is more than is left of the allowance: {leftDays} of {limitDays} days.");
    public static readonly ErrorCode PauseAlreadyOver = new("pause.already-over", Rule, "This pause is already over (it ended {to}).");
}
