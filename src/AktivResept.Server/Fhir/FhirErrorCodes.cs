using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Fhir;

/// <summary>
/// The codes only the FHIR facade uses: its transport (format, body, search) and the profile of incoming resources.
/// Where a generic code means the same (<see cref="ErrorCodes.Required"/>, <see cref="ErrorCodes.DateFormat"/>,
/// <see cref="ErrorCodes.NotFound"/>…) the facade uses that instead. A code never changes once published. The web UI
/// never shows these, so they have no UiText; a test keeps them apart from the other catalogues.
/// </summary>
public static class FhirErrorCodes
{
    // Transport: content negotiation and the request body (400/406/415).
    public static readonly ErrorCode NotAcceptable = new("fhir.not-acceptable", Invalid, "This server answers in {mediaType} only.");
    public static readonly ErrorCode UnsupportedMediaType = new("fhir.unsupported-media-type", Invalid, "Send the resource as {mediaType}.");
    public static readonly ErrorCode BodyEmpty = new("fhir.body.empty", Required, "The body must be a {type} resource in JSON or XML.");
    public static readonly ErrorCode BodyNotJson = new("fhir.body.invalid-json", Invalid, "The body is not valid JSON or XML: {detail}");
    public static readonly ErrorCode BodyNotResource = new("fhir.body.not-a-resource", Invalid, "The body is not a FHIR resource in JSON or XML: {detail}");
    public static readonly ErrorCode WrongResourceType = new("fhir.body.wrong-resource-type", Invalid, "This endpoint takes a {expected} resource, not {actual}.");
    public static readonly ErrorCode NotR4 = new("fhir.body.not-r4", Invalid, "{detail}");

    // Search (400).
    public static readonly ErrorCode SearchRepeated = new("fhir.search.repeated-parameter", Invalid, "Give the search parameter '{name}' once; separate alternatives with a comma.");
    public static readonly ErrorCode SearchUnsupported = new("fhir.search.unsupported-parameter", Invalid, "Unsupported search parameter(s) for {type}: {names}. Supported: {supported}.");
    public static readonly ErrorCode SearchCount = new("fhir.search.count", Invalid, "_count must be a whole number from 0 to {max}.");
    public static readonly ErrorCode SearchOffset = new("fhir.search.offset", Invalid, "_offset must be a whole number from 0.");
    public static readonly ErrorCode SearchIgnored = new("fhir.search.parameter-ignored", Invalid, "Ignored for {type} (not supported here): {names}. The results are not filtered or ordered by it.");
    public static readonly ErrorCode SearchFilterRequired = new("fhir.search.filter-required", Required, "Search {type} by {filters}.");

    // Versions and conditional interactions (412, 428).
    public static readonly ErrorCode VersionMismatch = new("fhir.version.mismatch", ErrorKind.Concurrency, "If-Match names version {given}, but {type}/{id} is at version {current}. Read it again and retry.");
    public static readonly ErrorCode VersionIfMatchFormat = new("fhir.version.if-match-format", Invalid, "If-Match must be an ETag of a version, W/\"<versionId>\".");
    public static readonly ErrorCode ConditionalCreateMultiple = new("fhir.conditional-create.multiple-matches", Rule, "If-None-Exist matches {count} {type} resources; make the criteria select one.");
    public static readonly ErrorCode ConditionalCreateCriteria = new("fhir.conditional-create.criteria", Invalid, "If-None-Exist must be search parameters of {type}, e.g. identifier=<system>|<value>.");

    // Who may write through the facade (403).
    public static readonly ErrorCode HealthProfessionalOnly = new("fhir.forbidden.health-professional-only", ErrorKind.Forbidden, "Only a health professional identified by an HPR number can register patients.");
    public static readonly ErrorCode RequesterNotYou = new("fhir.forbidden.requester-not-you", ErrorKind.Forbidden, "You issue prescriptions as yourself: the requester must carry the HPR number of your token.");

    // Shapes shared by several resources (422).
    public static readonly ErrorCode CodingInSystem = new("fhir.coding.system", Invalid, "must be a coding in {system}.");
    public static readonly ErrorCode CodingOneOf = new("fhir.coding.one-of", Invalid, "must be a coding in {system}, one of {allowed}.");
    public static readonly ErrorCode DurationUnit = new("fhir.duration.unit", Invalid, "Give a valueDuration in {unit} ({system} code {ucum}).");
    public static readonly ErrorCode WholeNumber = new("fhir.whole-number", Invalid, "must be a whole number of {unit}.");

    // ServiceRequest (422).
    public static readonly ErrorCode ServiceRequestStatus = new("fhir.service-request.status", Invalid, "A new ServiceRequest is 'active' (issue it) or 'draft' (save a draft).");
    public static readonly ErrorCode ServiceRequestIntent = new("fhir.service-request.intent", Invalid, "The intent must be one of the order family: order, original-order, reflex-order, filler-order, instance-order.");
    public static readonly ErrorCode ServiceRequestCodeRequired = new("fhir.service-request.code-required", Required, "code is required: {system}|{code} ({display}).");
    public static readonly ErrorCode ServiceRequestCode = new("fhir.service-request.code", Invalid, "Only {system}|{code} ({display}) is accepted.");
    public static readonly ErrorCode RequesterRequired = new("fhir.service-request.requester-required", Required, "requester is required: your HPR number as identifier (system {system}).");
    public static readonly ErrorCode RequesterType = new("fhir.service-request.requester-type", Invalid, "The requester is a Practitioner or PractitionerRole.");
    public static readonly ErrorCode RequesterIdentifier = new("fhir.service-request.requester-identifier", Invalid, "Identify the requester by identifier with system {system} (the HPR number).");
    public static readonly ErrorCode PeriodRequired = new("fhir.service-request.period-required", Required, "occurrencePeriod is required, with start (and end for other than 12 weeks).");
    public static readonly ErrorCode PeriodType = new("fhir.service-request.period-type", Invalid, "Give the period as occurrencePeriod.");
    public static readonly ErrorCode WholeWeeks = new("fhir.service-request.whole-weeks", Invalid, "The period must last whole weeks: end = start + 7 × weeks − 1 day.");
    public static readonly ErrorCode ReasonRequired = new("fhir.service-request.reason-required", Required, "reasonCode is required: the reason as text, with an ICPC-2 coding (system {system}) where known.");
    public static readonly ErrorCode QuantityRatio = new("fhir.service-request.quantity-ratio", Invalid, "Give sessions per week as quantityRatio: numerator sessions, denominator 1 wk.");
    public static readonly ErrorCode PerWeek = new("fhir.service-request.per-week", Invalid, "The denominator must be 1 week ({system} code wk).");

    // The subject of a referral (422).
    // Outcome Observations and QuestionnaireResponses (Fhir/Outcomes).
    public static readonly ErrorCode OutcomeBasedOnRequired = new("fhir.outcome.based-on-required", Required, "basedOn is required: ServiceRequest/<id>, the prescription the measurement belongs to.");
    public static readonly ErrorCode OutcomeCode = new("fhir.outcome.code", Invalid, "must name an instrument as {system}|<code> (or by its LOINC code); known: {allowed}.");
    public static readonly ErrorCode OutcomeQuestionnaire = new("fhir.outcome.questionnaire", Invalid, "must be the canonical URL of one of our questionnaires: {allowed}.");
    public static readonly ErrorCode OutcomeValueType = new("fhir.outcome.value-type", Invalid, "must be a number (valueQuantity, valueInteger or valueDecimal).");
    public static readonly ErrorCode SearchDate = new("fhir.search.date", Invalid, "date must be a date or instant, optionally prefixed eq, ge, gt, le or lt.");

    public static readonly ErrorCode SubjectType = new("fhir.subject.type", Invalid, "The subject must be a Patient.");
    public static readonly ErrorCode SubjectRequired = new("fhir.subject.required", Required, "Reference the Patient as Patient/<id>, or by identifier with system {fodselsnummer} or {dNumber}.");
    public static readonly ErrorCode SubjectUnknownNationalId = new("fhir.subject.unknown-national-id", Invalid, "No Patient has this national id. Create the Patient first (POST /fhir/Patient), then refer to it.");
    public static readonly ErrorCode SubjectUnknownReference = new("fhir.subject.unknown-reference", Invalid, "No such Patient on this server. Create the Patient first (POST /fhir/Patient), then refer to Patient/<id>.");

    // Patient (422).
    public static readonly ErrorCode NameRequired = new("fhir.patient.name-required", Required, "A name with family and at least one given name is required.");
    public static readonly ErrorCode BirthDateMismatch = new("fhir.patient.birth-date-mismatch", Invalid, "The birth date does not match the one in the national id.");
    public static readonly ErrorCode NationalIdRequired = new("fhir.patient.national-id-required", Required, "A national id is required: system {fodselsnummer} (fødselsnummer) or {dNumber} (D-number).");
    public static readonly ErrorCode NationalIdSystem = new("fhir.patient.national-id-system", Invalid, "The number is a {kind}; use system {system}.");
    public static readonly ErrorCode MunicipalityCoding = new("fhir.patient.municipality-coding", Invalid, "The municipality extension needs a valueCoding in system {system}.");
    public static readonly ErrorCode MunicipalityRequired = new("fhir.patient.municipality-required", Required, "The home municipality is required: address[0] with the extension {extension} (or a 4-digit kommunenummer in district).");

    // Subscription (422).
    public static readonly ErrorCode SubscriptionStatus = new("fhir.subscription.status", Invalid, "A new Subscription must have status 'requested'.");
    public static readonly ErrorCode SubscriptionEnd = new("fhir.subscription.end", Invalid, "Subscriptions here do not expire; leave out end and delete the Subscription to stop it.");
    public static readonly ErrorCode ChannelType = new("fhir.subscription.channel-type", Invalid, "Only channel.type 'rest-hook' is supported.");
    public static readonly ErrorCode Payload = new("fhir.subscription.payload", Invalid, "Only id-only notifications are sent: leave out channel.payload, or give {mediaType} with the extension {extension} = id-only.");
    public static readonly ErrorCode Header = new("fhir.subscription.header", Invalid, "Each header must be 'Name: value'.");
    public static readonly ErrorCode HeaderReserved = new("fhir.subscription.header-reserved", Invalid, "The header {name} is set by the server.");

    // What a referral left out and we inferred or deferred (warnings in the create answer, never errors; docs/fhir.md).
    public static readonly ErrorCode InferredFundingState = new("fhir.inferred.funding-state-reimbursed", Invalid, "No funding-source extension: funding inferred as StateReimbursed, since the participant has a {benefit} benefit that makes them eligible for the period {from} to {to}.");
    public static readonly ErrorCode InferredFundingSelf = new("fhir.inferred.funding-self-paid", Invalid, "No funding-source extension: funding inferred as SelfPaid, since no benefit makes the participant eligible for the period {from} to {to}.");
    public static readonly ErrorCode InferredFundingSelfOpen = new("fhir.inferred.funding-self-paid-open", Invalid, "No funding-source extension: funding inferred as SelfPaid, since the participant already has an open state-reimbursed prescription.");
    public static readonly ErrorCode InferredDose = new("fhir.inferred.dose-at-assessment", Invalid, "No complete dose (occurrenceTiming, or quantityRatio with the minutes-per-session extension): the dose is to be set at the initial assessment, and the requester is told the dose chosen.");
    public static readonly ErrorCode InferredActivity = new("fhir.inferred.activity-type", Invalid, "No activity type in orderDetail (system {system}): {activity} assumed.");
    public static readonly ErrorCode IgnoredOrderDetail = new("fhir.inferred.order-detail-ignored", Invalid, "orderDetail without a coding in {system} is not an activity type we know and was left out.");
    public static readonly ErrorCode InferredRequester = new("fhir.inferred.requester", Invalid, "No requester with an HPR identifier: the referral is issued by the signed-in health professional (HPR {hpr}).");
    public static readonly ErrorCode InferredReason = new("fhir.inferred.reason", Invalid, "The reason has no text or display: it reads \"{text}\".");
    public static readonly ErrorCode InferredGoals = new("fhir.inferred.goals", Invalid, "No patientInstruction: the goals are to be agreed at the initial assessment.");
    public static readonly ErrorCode InferredPeriod = new("fhir.inferred.period", Invalid, "The period is taken as {weeks} whole weeks, {start} to {end}.");
    public static readonly ErrorCode Created = new("fhir.created", Invalid, "Created {reference}.");
    public static readonly ErrorCode PartialCover = new("fhir.partial-cover", Invalid, "State reimbursement ends on {coveredUntil}, before the period ends on {end}: training after that day is not covered by state reimbursement.");

    // Task updates (400/422).
    public static readonly ErrorCode TaskIdMismatch = new("fhir.task.id-mismatch", Invalid, "The Task's id must be the id in the URL.");
    public static readonly ErrorCode TaskStatusBackwards = new("fhir.task.status-backwards", Rule, "A prescription that is {status} cannot go back to Task status {target}.");
    public static readonly ErrorCode TaskStatusUnsupported = new("fhir.task.status-unsupported", Invalid, "Task status can be set to accepted, rejected, in-progress, completed, failed or cancelled (or requested, to issue a draft).");
    public static readonly ErrorCode TrainerOutputRequired = new("fhir.task.trainer-output-required", Required, "Accepting names the trainer: an output of type {system}|{code} with valueReference PractitionerRole/<id>.");
    public static readonly ErrorCode DoseOutput = new("fhir.task.dose-output", Invalid, "Give the dose as an output of type {system}|dose with valueTiming.repeat: frequency sessions per period 1 periodUnit wk, duration minutes with durationUnit min.");
    public static readonly ErrorCode TrainerRoleNotHere = new("fhir.task.trainer-role-not-here", Invalid, "{reference} is not a trainer role at your organisation.");

    // Problems written by shared middleware (auth, routing, size limit, exceptions) that carry no code of their own.
    public static readonly ErrorCode BadRequest = new("fhir.http.bad-request", Invalid, "The request is not valid.");
    public static readonly ErrorCode Unauthorized = new("fhir.http.unauthorized", ErrorKind.Forbidden, "A valid bearer token is required.");
    public static readonly ErrorCode Forbidden = new("fhir.http.forbidden", ErrorKind.Forbidden, "You may not do this.");
    public static readonly ErrorCode MethodNotAllowed = new("fhir.http.method-not-allowed", Invalid, "The resource does not support this method.");
    public static readonly ErrorCode PayloadTooLarge = new("fhir.http.payload-too-large", Invalid, "The request body is too large.");
    public static readonly ErrorCode ServerError = new("fhir.http.server-error", Rule, "The request failed.");

    // Need-to-know: a look-up by national id states its purpose (400).
    public static readonly ErrorCode PurposeOfUseRequired = new("fhir.purpose-of-use.required", Required, "A look-up by national id needs its purpose in the X-Purpose-Of-Use header: one of {purposes}.");
    public static readonly ErrorCode PurposeOfUseUnknown = new("fhir.purpose-of-use.unknown", Invalid, "X-Purpose-Of-Use must be one of {purposes}.");

    /// <summary>The code for a middleware problem of this status that named none.</summary>
    public static ErrorCode ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status406NotAcceptable => NotAcceptable,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        >= 400 and < 500 => BadRequest,
        _ => ServerError,
    };
}
