using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// The use-case codes of the server, next to the pure rules' <see cref="ErrorCodes"/>. A code never changes once
/// published; add a text for it in UiText.resx and UiText.en.resx (a test checks).
/// </summary>
public static class ApiErrorCodes
{
    // Who may do what (403). The message says which role the step needs.
    public static readonly ErrorCode RoleCannotStep = new("forbidden.role-cannot-step", Forbidden, "Your role cannot {step} this prescription.");
    public static readonly ErrorCode ReferrerOnly = new("forbidden.referrer-only", Forbidden, "Only a referrer identified by an HPR number may do this.");
    public static readonly ErrorCode OrganisationRequired = new("forbidden.organisation-required", Forbidden, "A referrer acts for an organisation: the token must name the organisation number.");
    public static readonly ErrorCode ProviderAdminOnly = new("forbidden.provider-admin-only", Forbidden, "Only a provider admin may do this.");
    public static readonly ErrorCode PayerOnly = new("forbidden.payer-only", Forbidden, "Only a payer may do this.");
    public static readonly ErrorCode TrainerOrAdminOnly = new("forbidden.trainer-or-admin-only", Forbidden, "Only the assigned trainer or the provider's admin can register sessions.");
    public static readonly ErrorCode SubscriberOnly = new("forbidden.subscriber-only", Forbidden, "Only referrers and provider administrators have subscriptions.");
    public static readonly ErrorCode NoInbox = new("forbidden.no-inbox", Forbidden, "Your role has no inbox.");

    // Shared by several use cases.
    public static readonly ErrorCode ConcurrentChange = new("concurrent-change", Concurrency, "A concurrent request changed the same records; please retry.");
    public static readonly ErrorCode Body = new("body.invalid-json", ErrorKind.Invalid, "The body is not valid JSON (line {line}, position {position}).");
    public static readonly ErrorCode WrongType = new("body.wrong-type", ErrorKind.Invalid, "The value has the wrong type or is not one of the allowed values.");
    public static readonly ErrorCode NotABatch = new("body.not-a-batch", ErrorKind.Invalid, "The body must be a JSON array of events, or an object with an \"events\" array.");

    // Problems the pipeline answers around a handler (authentication, limits, unknown routes, failures). Their HTTP
    // status is fixed by the producer (401, 413, 415, 429, 500, 503...); the kind only types them for FHIR and the UI.
    public static readonly ErrorCode TokenRequired = new("auth.token-required", Forbidden, "A valid bearer token is required.");
    public static readonly ErrorCode TokenInvalid = new("auth.token-invalid", Forbidden, "The bearer token is invalid or expired.");
    public static readonly ErrorCode RoleNotAllowed = new("forbidden.role", Forbidden, "Your role does not give access to this resource.");
    public static readonly ErrorCode WebhookSignature = new("webhook.invalid-signature", Forbidden, "The webhook-id, webhook-timestamp and webhook-signature headers must be present, the timestamp within 5 minutes of now, and the signature valid for the exact body.");
    public static readonly ErrorCode RateLimited = new("rate-limited", Rule, "Too many requests; retry after {seconds} seconds.");
    public static readonly ErrorCode BodyTooLarge = new("body.too-large", ErrorKind.Invalid, "The request body may be at most {max} bytes.");
    public static readonly ErrorCode BadRequest = new("request.invalid", ErrorKind.Invalid, "The request could not be read: a parameter or the body is missing or malformed.");
    public static readonly ErrorCode MethodNotAllowed = new("request.method-not-allowed", ErrorKind.Invalid, "The endpoint does not accept this HTTP method.");
    public static readonly ErrorCode UnsupportedMediaType = new("request.unsupported-media-type", ErrorKind.Invalid, "The body must be sent as application/json.");
    public static readonly ErrorCode Unavailable = new("service-unavailable", Concurrency, "The database is unavailable; nothing was stored. Retry shortly.");
    public static readonly ErrorCode PersonDataKeyUnavailable = new("service-unavailable.person-data-key", Concurrency, "Stored data cannot be opened with the configured keys; the operators have been told. Retry later.");
    public static readonly ErrorCode Internal = new("internal-error", Rule, "An unexpected error occurred.");
    public static readonly ErrorCode AntiforgeryInvalid = new("request.antiforgery", ErrorKind.Invalid, "The form's security token is missing or invalid; reload the page and try again.");

    // Issuing and moving prescriptions.
    public static readonly ErrorCode Icpc2 = new("prescription.icpc2", ErrorKind.Invalid, "must be an ICPC-2 code such as L84 or P76.");
    public static readonly ErrorCode ActivityTypeRequired = new("prescription.activity-type-required", ErrorKind.Required, "must name at least one activity type.");
    public static readonly ErrorCode EmployerOnly = new("prescription.funding-organisation-employer-only", ErrorKind.Invalid, "is only for employer-paid prescriptions.");
    public static readonly ErrorCode RequiredForNewPerson = new("person.required-for-new", ErrorKind.Required, "is required for a participant not seen before.");
    public static readonly ErrorCode MunicipalityNotServed = new("person.municipality-not-served", ErrorKind.Invalid, "is not a municipality we serve.");
    public static readonly ErrorCode OpenStateReimbursed = new("prescription.open-state-reimbursed", Rule, "The participant already has an open state-reimbursed prescription.");
    public static readonly ErrorCode UnknownLocation = new("location.unknown", ErrorKind.Invalid, "is not a known provider location.");
    public static readonly ErrorCode NoCapacity = new("location.no-capacity", Rule, "The location has no free capacity.");
    public static readonly ErrorCode ResendToSameProvider = new("prescription.resend-same-provider", ErrorKind.Invalid, "must be a location of another provider than the one that rejected the prescription.");
    public static readonly ErrorCode NotContracted = new("location.not-contracted", Rule, "A municipally funded prescription goes only to a provider with an active contract with the municipality.");
    public static readonly ErrorCode OverviewPeriod = new("overview.period", ErrorKind.Invalid, "must be a month (yyyy-MM) from 'from' to 'to', at most {max} months.");
    public static readonly ErrorCode NotTrainerHere = new("trainer.not-at-provider", ErrorKind.Invalid, "is not a trainer at this provider.");
    public static readonly ErrorCode MemberRefLength = new("member-ref.length", ErrorKind.Invalid, "must be 1 to {max} characters when given.");
    public static readonly ErrorCode MemberRefTaken = new("member-ref.taken", Rule, "The member reference is already linked to another participant at this provider.");

    // Attendance.
    public static readonly ErrorCode SessionType = new("session.type", ErrorKind.Invalid, "must be pt-session or class-attendance.");
    public static readonly ErrorCode SessionService = new("session.service", ErrorKind.Invalid, "must be diet-guidance or initial-assessment, on a pt-session.");
    public static readonly ErrorCode SessionsNeedAccepted = new("session.prescription-not-accepted", Rule, "Sessions can only be registered on an accepted prescription; this one is {status}.");
    public static readonly ErrorCode SessionIdTaken = new("session.id-taken", Rule, "A session with this id was already registered for another prescription.");
    public static readonly ErrorCode SessionIdRace = new("session.id-race", Concurrency, "A session with this id was registered at the same time; read the sessions and retry.");

    // Outcome measures (Features/Outcomes).
    public static readonly ErrorCode OutcomeRecorderOnly = new("forbidden.outcome-recorder", Forbidden, "Only the assigned trainer records tests and only the participant answers questionnaires.");
    public static readonly ErrorCode OutcomeNotForRole = new("outcome.not-for-role", ErrorKind.Invalid, "{instrument} is recorded by the {recordedBy}.");
    public static readonly ErrorCode OutcomeNeedsAccepted = new("outcome.prescription-not-accepted", Rule, "Outcomes can be recorded once the prescription is accepted; this one is {status}.");
    public static readonly ErrorCode OutcomeAlreadyCorrected = new("outcome.already-corrected", Rule, "This version was already corrected; correct the current version ({current}).");
    public static readonly ErrorCode OutcomeCorrectionRace = new("outcome.correction-race", Concurrency, "The measurement was corrected at the same time; read it again and retry.");
    public static readonly ErrorCode NotAcceptedHere = new("reconciliation.not-accepted-here", ErrorKind.Invalid, "is not an accepted prescription at your provider.");
    public static readonly ErrorCode EventNotAnObject = new("event.not-an-object", ErrorKind.Invalid, "An event must be a JSON object.");
    public static readonly ErrorCode EventInstant = new("event.occurred-at-format", ErrorKind.Invalid, "must be an RFC 3339 date-time with a UTC offset, e.g. 2026-11-24T07:30:00Z.");
    public static readonly ErrorCode EventLocation = new("event.location-not-yours", ErrorKind.Invalid, "must be the id of one of your locations.");
    public static readonly ErrorCode EventTooLate = new("event.too-late", ErrorKind.Invalid, "is more than {days} days ago; too late to record.");
    public static readonly ErrorCode TooManyEvents = new("body.too-many-events", ErrorKind.Invalid, "A delivery may carry at most {max} events; this one has {count}. Split it into smaller batches.");
    public static readonly ErrorCode EventOutsidePeriod = new("reconciliation.event-outside-period", Rule, "The event happened on {day}, outside the prescription's period {from} to {to}.");

    // Claims.
    public static readonly ErrorCode ClaimChanged = new("claim.version-changed", Concurrency, "The claim has changed since you read it (version {expected}, now {actual}); review it again.");
    public static readonly ErrorCode OnlyDraftSubmit = new("claim.only-draft-can-be-submitted", Rule, "Only a draft can be submitted; this claim is {status}.");
    public static readonly ErrorCode NoPayableLines = new("claim.no-payable-lines", Rule, "The claim has no payable lines: every session was refused. Nothing to submit.");
    public static readonly ErrorCode OnlySubmittedReview = new("claim.only-submitted-can-be-reviewed", Rule, "Only a submitted claim can be taken into review; this claim is {status}.");
    public static readonly ErrorCode NotUnderReview = new("claim.lines-need-review", Rule, "Lines can only be decided while the claim is under review; this claim is {status}.");
    public static readonly ErrorCode OnlyUnderReviewComplete = new("claim.only-under-review-can-be-completed", Rule, "Only a claim under review can be completed; this claim is {status}.");
    public static readonly ErrorCode Undecided = new("claim.lines-undecided", Rule, "{count} line(s) are still undecided; approve or reject them first.");
    public static readonly ErrorCode LineRefused = new("claim.line-refused", Rule, "The line was refused by the claim rules ({reasons}) and is not payable.");
    public static readonly ErrorCode NoSuchLine = new("claim.no-such-line", NotFound, "The claim has no such line.");
    public static readonly ErrorCode LinesRequired = new("claim.lines-required", ErrorKind.Required, "Choose at least one line.");
    public static readonly ErrorCode MessageText = new("claim.message-text", ErrorKind.Required, "Write a message (at most {max} characters).");
    public static readonly ErrorCode AttachmentType = new("claim.attachment-type", ErrorKind.Invalid, "An attachment must be a PDF, PNG or JPEG file.");
    public static readonly ErrorCode AttachmentSize = new("claim.attachment-size", ErrorKind.Invalid, "An attachment may be at most {mb} MB.");
    public static readonly ErrorCode SessionClaimed = new("session.claimed", Rule, "The session is on a claim; correct it with a credit on the claim instead.");
    public static readonly ErrorCode CorrectionReason = new("session.correction-reason", ErrorKind.Required, "Say why the session is corrected (at most {max} characters).");
    public static readonly ErrorCode SessionNotYours = new("session.not-correctable", Rule, "Only a session a trainer registered, and still counted, can be corrected.");
    public static readonly ErrorCode ReasonCodeRequired = new("claim.reason-code-required", ErrorKind.Required, "is required when rejecting a line.");
    public static readonly ErrorCode OnlyApprovedCredit = new("claim.only-approved-charge-can-be-credited", Rule, "Only an approved charge can be credited; this line is a {kind} that is {status}.");
    public static readonly ErrorCode AlreadyCredited = new("claim.already-credited", Rule, "The line has already been credited.");
    public static readonly ErrorCode NoStatePayer = new("claim.no-state-payer", Rule, "No state payer is registered.");
    public static readonly ErrorCode NoMunicipalityPayer = new("claim.no-municipality-payer", Rule, "No payer is registered for municipality {kommunenummer}.");
    public static readonly ErrorCode NoEmployer = new("claim.no-employer", Rule, "The prescription names no paying employer.");
    public static readonly ErrorCode NoEmployerPayer = new("claim.no-employer-payer", Rule, "No payer is registered for employer {organisationNumber}.");
    public static readonly ErrorCode SelfPaid = new("claim.self-paid", Rule, "Self-paid training produces no claim.");

    // Tariffs and contracts.
    public static readonly ErrorCode CopayOverPrice = new("tariff.copay-over-price", ErrorKind.Invalid, "cannot be more than the price.");
    public static readonly ErrorCode NotYourContract = new("tariff.not-your-contract", ErrorKind.Invalid, "is not one of your contracts.");
    public static readonly ErrorCode ContractRequired = new("tariff.contract-required", ErrorKind.Required, "is required: only the state payer sets the national tariffs.");
    public static readonly ErrorCode TariffOverlap = new("tariff.overlap", Rule, "A {service} tariff is already in force from {from} (to {to}); close it or start after it.");
    public static readonly ErrorCode TariffOverlapOpen = new("tariff.overlap-open-ended", Rule, "A {service} tariff is already in force from {from} with no end; close it or start after it.");
    public static readonly ErrorCode UnknownProvider = new("provider.unknown", ErrorKind.Invalid, "must name a registered provider.");
    public static readonly ErrorCode Fraction = new("contract.co-financing-share", ErrorKind.Invalid, "must be a fraction from 0 to 1 with at most four decimals (0.3 for 30 %).");
    public static readonly ErrorCode Amount = new("money.amount", ErrorKind.Invalid, "must be an amount in NOK from 0 to 1 000 000 with at most two decimals (øre).");

    // Contract management: who may, the version lifecycle, and requirements checked against the provider's registration.
    public static readonly ErrorCode ContractManagerOnly = new("forbidden.contract-manager-only", Forbidden, "Only the municipality's coordinator or the payer may manage contracts.");
    public static readonly ErrorCode ContractReadOnly = new("forbidden.contract-read-only", Forbidden, "The provider may read its contracts but not change them.");
    public static readonly ErrorCode ContractVersionNotDraft = new("contract.version-not-draft", Rule, "Version {number} is {status}: only a draft can be changed or activated; make a new version instead.");
    public static readonly ErrorCode ContractNotOpen = new("contract.not-open", Rule, "The contract is {status}: its versions can no longer change.");
    public static readonly ErrorCode ContractNotActive = new("contract.not-active", Rule, "The contract is {status}: only an active contract can be ended or terminated.");
    public static readonly ErrorCode ContractHasDraft = new("contract.has-draft", Rule, "Version {number} is still a draft: edit or activate it before making another.");
    public static readonly ErrorCode ContractVersionsOverlap = new("contract.versions-overlap", Rule, "Version {number}, in force from {from}, already covers {validFrom}: a new version must start after it.");
    public static readonly ErrorCode ContractStillRunning = new("contract.still-running", Rule, "The contract runs until {to}: ending it earlier is a termination.");
    public static readonly ErrorCode ContractTerminateBeforeVersion = new("contract.terminate-before-version", Rule, "Version {number} is in force from {from}: the last day cannot be before it.");
    public static readonly ErrorCode ContractAfterEnd = new("contract.after-contract-end", ErrorKind.Invalid, "cannot be after the contract's last day {to}.");
    public static readonly ErrorCode ContractNotBeforeEnd = new("contract.not-before-end", ErrorKind.Invalid, "must be before the contract's last day {to}.");
    public static readonly ErrorCode ContractLocationUnknown = new("contract.location-not-providers", ErrorKind.Invalid, "is not a location the provider has registered.");
    public static readonly ErrorCode ContractOpeningHoursUnreadable = new("contract.opening-hours-unreadable", ErrorKind.Invalid, "The opening hours registered for {location} (\"{text}\") cannot be read; the provider must register them as e.g. \"Mo-Fr 06:00-22:00; Sa-Su 08:00-18:00\".");
    public static readonly ErrorCode ContractLocationClosed = new("contract.location-closed", ErrorKind.Invalid, "{location} is not open on day {day} from {opens} to {closes} by its registered opening hours.");
    public static readonly ErrorCode ContractFeatureMissing = new("contract.feature-missing", ErrorKind.Invalid, "{location} has not registered the feature {feature}.");
    public static readonly ErrorCode ContractCapacityOverLocation = new("contract.capacity-over-location", ErrorKind.Invalid, "{places} places per week at {location} exceed what its registered capacity can take ({max} per week).");
    public static readonly ErrorCode ContractCompetenceMissing = new("contract.competence-missing", ErrorKind.Invalid, "None of the provider's trainers holds a valid {competence} certification.");
    public static readonly ErrorCode ContractClosesBeforeOpens = new("contract.closes-before-opens", ErrorKind.Invalid, "must be after the opening time.");
    public static readonly ErrorCode ContractKpiPeriodDoesNotFit = new("contract.kpi-period-does-not-fit", ErrorKind.Invalid, "No whole {period} lies within the contract period {from} to {to}, so the KPI could never be judged.");
    public static readonly ErrorCode ContractDuplicate = new("contract.duplicate", ErrorKind.Invalid, "repeats an earlier entry ({what}).");

    // Payments.
    public static readonly ErrorCode NothingToPay = new("payment.nothing-to-pay", Rule, "There are no approved claims waiting for payment.");
    public static readonly ErrorCode NoProviderPaid = new("payment.no-provider-paid", Rule, "No provider could be paid; skipped: {providers}.");
    public static readonly ErrorCode FileInvalid = new("payment.file-invalid", Rule, "The payment file could not be written: {count} field(s) are invalid.");
    public static readonly ErrorCode NoAccount = new("payment.no-account", Rule, "The provider has registered no valid account number.");
    public static readonly ErrorCode NothingToTransfer = new("payment.nothing-to-transfer", Rule, "The approved amount is kr {amount}; nothing to transfer.");
    public static readonly ErrorCode SchemeCode = new("payment.scheme-code", ErrorKind.Invalid, "must be an ISO 20022 organisation identification code such as BANK or CUST.");
    public static readonly ErrorCode DomesticAccount = new("payment.domestic-account", ErrorKind.Invalid, "must be a Norwegian account for a domestic NOK payment.");
    public static readonly ErrorCode DomesticAgent = new("payment.domestic-agent", ErrorKind.Invalid, "must be a Norwegian bank for a domestic NOK payment.");
    public static readonly ErrorCode NoPayments = new("payment.no-payments", ErrorKind.Required, "must contain at least one payment.");
    public static readonly ErrorCode EndToEndIdUsed = new("payment.end-to-end-id-used", ErrorKind.Invalid, "is already used by another payment in the file.");
    public static readonly ErrorCode PaymentAmount = new("payment.amount", ErrorKind.Invalid, "must be more than 0 and at most 999999999.99 NOK.");
    public static readonly ErrorCode PaymentDecimals = new("payment.decimals", ErrorKind.Invalid, "must not have more than two decimals (øre).");
    public static readonly ErrorCode LengthRange = new("length-range", ErrorKind.Invalid, "must be 1 to {max} characters.");
    public static readonly ErrorCode IdCharacters = new("payment.id-characters", ErrorKind.Invalid, "may only contain letters a–z, digits, space and / - ? : ( ) . , ' + (no leading, trailing or double '/').");
    public static readonly ErrorCode OnlyWhitespace = new("text.only-whitespace", ErrorKind.Invalid, "must not be only whitespace.");
    public static readonly ErrorCode BankCharacter = new("payment.bank-character", ErrorKind.Invalid, "contains a character the bank cannot carry: {character}.");

    // Benefits import (CLI) and eligibility check.
    public static readonly ErrorCode ImportRow = new("benefit-import.row", ErrorKind.Invalid, "expected nationalId,benefit,from[,to].");
    public static readonly ErrorCode DateOrEmpty = new("date.format-or-empty", ErrorKind.Invalid, "must be a date as yyyy-MM-dd or empty.");
    public static readonly ErrorCode WithinAYear = new("date.within-a-year", ErrorKind.Invalid, "must be within a year of today.");

    // KPI evaluation: the benefit-population reference table (CLI import) and the results of a contract.
    public static readonly ErrorCode PopulationImportRow = new("population-import.row", ErrorKind.Invalid, "expected kommunenummer,benefit,residents,source,year.");

    public static readonly ErrorCode CareRelationshipImportRow = new("care-relationship-import.row", ErrorKind.Invalid, "expected nationalId,hpr,organisationNumber,since.");

    public static readonly ErrorCode PopulationImportDuplicate = new("population-import.duplicate", ErrorKind.Invalid, "repeats line {line}: one figure per kommunenummer, benefit and year.");
    public static readonly ErrorCode ResultsPeriod = new("kpi-results.period", ErrorKind.Invalid, "must be Month, Quarter or Year.");
    public static readonly ErrorCode CohortSuppressed = new("kpi-results.cohort-suppressed", Rule, "Fewer than {minimum} prescriptions are behind this figure, so they are not listed.");

    // Subscriptions and integrations.
    public static readonly ErrorCode EndpointRequired = new("subscription.endpoint-required", ErrorKind.Required, "is required: the absolute http(s) URL to POST notifications to.");
    public static readonly ErrorCode EndpointUrl = new("subscription.endpoint-url", ErrorKind.Invalid, "must be an absolute http or https URL (no user info or fragment).");
    public static readonly ErrorCode OutboundHttpsRequired = new("outbound.https-required", ErrorKind.Invalid, "must be an https URL.");
    public static readonly ErrorCode OutboundNotPublic = new("outbound.not-public", ErrorKind.Invalid, "must name a host on the public internet: a host that is, or resolves to, a loopback, private, link-local or other internal address, or that does not resolve, is refused.");
    public static readonly ErrorCode Secret = new("subscription.secret", ErrorKind.Invalid, "must be whsec_ followed by 24 to 64 random bytes in base64.");
    public static readonly ErrorCode DeliveryPending = new("subscription.delivery-pending", Rule, "The delivery is still pending; it will be tried again on its own.");
    public static readonly ErrorCode SubscriptionOff = new("subscription.off", Rule, "The subscription is off; turn it on before replaying its deliveries.");
    public static readonly ErrorCode CriteriaRequired = new("criteria.required", ErrorKind.Required, "criteria is required, e.g. Task?requester=Practitioner/<HPR number>.");
    public static readonly ErrorCode CriteriaType = new("criteria.unsupported-type", ErrorKind.Invalid, "Only Task criteria are supported (Task?requester=…, Task?owner=…, Task?status=…), not '{type}'.");
    public static readonly ErrorCode CriteriaParameter = new("criteria.unsupported-parameter", ErrorKind.Invalid, "Unsupported criteria parameter '{name}'. Supported: {supported}.");
    public static readonly ErrorCode CriteriaValue = new("criteria.missing-value", ErrorKind.Invalid, "The criteria parameter '{name}' needs a value.");
    public static readonly ErrorCode CriteriaRequester = new("criteria.requester", ErrorKind.Invalid, "requester '{reference}' is not Practitioner/<HPR number> or Practitioner/<referrer id>.");
    public static readonly ErrorCode CriteriaRequesterIdentifier = new("criteria.requester-identifier", ErrorKind.Invalid, "requester:identifier takes {system}|<HPR number>.");
    public static readonly ErrorCode CriteriaReference = new("criteria.reference", ErrorKind.Invalid, "{name} takes {type}/<id>.");
    public static readonly ErrorCode CriteriaStatus = new("criteria.status", ErrorKind.Invalid, "status '{code}' is not a Task status code.");

    // Dialogmelding and the organisation's notification channel (docs/dialogmelding.md).
    public static readonly ErrorCode ChannelRequired = new("organisation.channel-required", ErrorKind.Required, "must name the channel: InApp, FhirSubscription, Webhook or Dialogmelding.");
    public static readonly ErrorCode HerId = new("organisation.her-id", ErrorKind.Invalid, "must be the organisation's HER-id from the address register: 1 to 9 digits.");
    public static readonly ErrorCode DialogmeldingNotSent = new("dialogmelding.not-sent", Rule, "The message was not sent ({status}); there is no XML to download.");
    // Pilots (issue 12): set-up, allocation and enrolment with consent.
    public static readonly ErrorCode PilotCoordinatorOnly = new("forbidden.pilot-coordinator-only", Forbidden, "Only a municipality's coordinator may set up a pilot.");
    public static readonly ErrorCode PilotLeadOnly = new("forbidden.pilot-lead-only", Forbidden, "Only the coordinator of the pilot's lead municipality may change it.");
    public static readonly ErrorCode PilotEnrolCoordinatorOnly = new("forbidden.pilot-enrol-coordinator-only", Forbidden, "Only a coordinator of one of the pilot's municipalities may enrol participants, in their own municipality.");
    public static readonly ErrorCode PilotNotMunicipality = new("pilot.not-a-municipality", ErrorKind.Invalid, "is not a municipality.");
    public static readonly ErrorCode PilotDuplicate = new("pilot.duplicate", ErrorKind.Invalid, "repeats an earlier entry ({what}).");
    public static readonly ErrorCode PilotContractNotMunicipalitys = new("pilot.contract-not-municipalitys", ErrorKind.Invalid, "is not a contract of {municipality}.");
    public static readonly ErrorCode PilotNoActiveContract = new("pilot.municipality-without-active-contract", Rule, "{municipality} has no active contract: every pilot municipality must run the pilot on an active contract.");
    public static readonly ErrorCode PilotContractNotActive = new("pilot.contract-not-active", Rule, "The contract \"{contract}\" of {municipality} is {status}: a pilot runs on active contracts only.");
    public static readonly ErrorCode PilotSchedule = new("pilot.follow-up-schedule", ErrorKind.Invalid, "must be 1 to 24 strictly increasing months from 0 to 120, e.g. 0, 6, 12, 24, 36.");
    public static readonly ErrorCode PilotViewerRole = new("pilot.viewer-role", ErrorKind.Invalid, "must be municipality, payer or researcher.");
    public static readonly ErrorCode PilotSeed = new("pilot.seed", ErrorKind.Invalid, "must be a whole number from 0 to 9007199254740991.");
    public static readonly ErrorCode PilotArms = new("pilot.arms", ErrorKind.Invalid, "must name 2 to 6 distinct arms of 1 to 40 characters.");
    public static readonly ErrorCode PilotBlockSize = new("pilot.block-size", ErrorKind.Invalid, "must be a multiple of the number of arms ({arms}), at most 60.");
    public static readonly ErrorCode PilotTooFewMunicipalities = new("pilot.too-few-municipalities", Rule, "A {design} design needs at least {minimum} municipalities; the pilot has {count}.");
    public static readonly ErrorCode PilotAllocationFrozen = new("pilot.allocation-frozen", Rule, "The allocation is frozen: outcomes exist for the pilot's participants, so it can no longer change.");
    public static readonly ErrorCode PilotNoAllocation = new("pilot.no-allocation", NotFound, "The pilot has no allocation design.");
    public static readonly ErrorCode PilotPersonUnknown = new("pilot.person-unknown", ErrorKind.Invalid, "is not a participant known to AktivResept; a participant is registered when first referred.");
    public static readonly ErrorCode PilotPersonNotResident = new("pilot.person-not-resident", ErrorKind.Invalid, "is not registered as living in {municipality}.");
    public static readonly ErrorCode PilotOutsideWindow = new("pilot.enrolment-outside-window", Rule, "Enrolment is open from {from} to {to}; today is {day}.");
    public static readonly ErrorCode PilotConsentRequired = new("pilot.consent-required", Rule, "Enrolment needs the participant's recorded consent: consent given, with the version of the text they consented to.");
    public static readonly ErrorCode PilotConsentTextVersion = new("pilot.consent-text-version", Rule, "The consent names text version {given}, but the pilot's consent text is version {expected}.");
    public static readonly ErrorCode PilotAlreadyEnrolled = new("pilot.already-enrolled", Rule, "The participant has been enrolled in this pilot since {day}.");
    public static readonly ErrorCode PilotAlreadyWithdrawn = new("pilot.already-withdrawn", Rule, "Consent was already withdrawn on {day}.");

    // The person's own access log (innsyn).
    public static readonly ErrorCode ParticipantOnly = new("forbidden.participant-only", Forbidden, "Only the person themself can read the log of who accessed their data.");

    // The health account (issue 16).
    public static readonly ErrorCode AccountPeriod = new("health-account.period", ErrorKind.Invalid, "The period must run from a day to the same or a later day, at most {max} years.");
    public static readonly ErrorCode AccountNumber = new("health-account.number", ErrorKind.Invalid, "must be a number, with a point for decimals (e.g. 4 or 2.5).");
    public static readonly ErrorCode AccountAmount = new("health-account.amount", ErrorKind.Invalid, "must be an amount in NOK from {min} to {max}, with at most two decimals (øre).");
    public static readonly ErrorCode AccountCostsEditors = new("forbidden.health-account-costs", Forbidden, "Only the coordinator or payer who leads the scope may enter or delete its other costs.");

    // Positions and shared positions (issue 12, docs/municipality.md).
    public static readonly ErrorCode PositionAdminOnly = new("forbidden.position-admin-only", Forbidden, "Only a gym's admin or a municipality's coordinator may manage positions, at their own organisation.");
    public static readonly ErrorCode PositionOwn = new("forbidden.position-own", Forbidden, "A person cannot create or end their own position.");
    public static readonly ErrorCode PositionShare = new("position.share", ErrorKind.Invalid, "must be a share of a full-time position in whole percent, from 0.01 (1 %) to 1 (100 %).");
    public static readonly ErrorCode PositionNameRequired = new("position.name-required", ErrorKind.Required, "is required: the person holds no position yet.");
    public static readonly ErrorCode PositionOverlaps = new("position.overlaps", Rule, "The person already holds a position at {organisation} ({title}) in the same period.");
    public static readonly ErrorCode PositionTotalShare = new("position.total-share", Rule, "The person's positions would add up to {total} % of a full-time position; at most {available} % is free in this period.");
    public static readonly ErrorCode PositionAlreadyEnds = new("position.already-ends", Rule, "The position already ends on {day}; an end can be brought forward, not pushed back.");
    public static readonly ErrorCode DraftParticipantFixed = new("prescription.draft-participant-fixed", ErrorKind.Invalid, "must be the draft's own participant: a referral for someone else is a new draft.");

    // The gym admin's own records (issue 23, docs/providers.md).
    public static readonly ErrorCode LocationOpeningHours = new("location.opening-hours", ErrorKind.Invalid, "must read as opening hours, e.g. \"Mo-Fr 06:00-22:00; Sa-Su 08:00-18:00\" or \"Man–fre 06:00–22:00, lør–søn 08:00–18:00\" (at most 300 characters).");
    public static readonly ErrorCode CertificationImportRow = new("certification-import.row", ErrorKind.Invalid, "expected issuer,kind,certificateNumber,holderName,validFrom,validTo.");

    // Tariff versions and the payer's pages (issue 23, docs/payers.md).
    public static readonly ErrorCode TariffVersionInForce = new("tariff.version-in-force", Rule, "The {service} tariff from {from} (NOK {price}) is in force then and is never changed; a new version starts after its first day and no earlier than today ({today}).");
    public static readonly ErrorCode TariffVersionPast = new("tariff.version-in-past", ErrorKind.Invalid, "must be today ({today}) or later: days already passed keep their tariff.");

    // Security alerts (issue 21): only the security officer reads them.
    public static readonly ErrorCode SecurityOfficerOnly = new("forbidden.security-officer-only", Forbidden, "Only a security officer can read security alerts.");
    public static readonly ErrorCode AlreadyResent = new("prescription.already-resent", Rule, "This rejected prescription has already been sent on to another provider.");

    // The person's own consents (issue 22, docs/consents.md).
    public static readonly ErrorCode ConsentsParticipantOnly = new("forbidden.consents-participant-only", Forbidden, "Only the person themself can see, give or withdraw their consents.");
    public static readonly ErrorCode ConsentPurposeNotOffered = new("consent.purpose-not-offered", ErrorKind.Invalid, "must be a consent offered on your page (\"contact\").");
    public static readonly ErrorCode ConsentTextOutdated = new("consent.text-outdated", Rule, "The information text has a newer version ({current}); read it and consent to that version.");
    public static readonly ErrorCode ConsentAlreadyGiven = new("consent.already-given", Rule, "You gave this consent on {day}, and it is still in force.");
    public static readonly ErrorCode SecurityAlertClosed = new("security-alert.already-closed", Rule, "This security alert is already closed.");
    // Issuing when state reimbursement ends inside the period (issue 23 item 3): the referrer confirms having seen it.
    public static readonly ErrorCode StatePayerOnly = new("forbidden.state-payer-only", Forbidden, "Only the state payer's officers may upload the certificate register: it decides which certificates gyms entered are verified.");
    public static readonly ErrorCode RegisterFile = new("certification-import.file", ErrorKind.Required, "must be a CSV file of at most {max} MB.");
    public static readonly ErrorCode PartialCoverNotAcknowledged = new("prescription.partial-cover-not-acknowledged", Rule, "State reimbursement ends on {coveredUntil}, before the period ends on {end}: confirm that you have seen this (acknowledgePartialCover) to issue.");

    // Research projects and the pseudonymised export (issue 17, docs/research.md).
    public static readonly ErrorCode ResearcherOnly = new("forbidden.researcher-only", Forbidden, "Only a researcher can create research projects and export from them.");
    public static readonly ErrorCode ResearchApprovalReference = new("research.approval-reference", ErrorKind.Invalid, "must be a REK number: the year, a slash and 3 to 7 digits, e.g. 2026/123456.");
    public static readonly ErrorCode ResearchVariableUnknown = new("research.variable-unknown", ErrorKind.Invalid, "\"{variable}\" is not a variable in the catalogue.");
    public static readonly ErrorCode ResearchDateHandling = new("research.date-handling", ErrorKind.Invalid, "must be exact, shifted, iso-week or month.");
    public static readonly ErrorCode ResearchMember = new("research.member", ErrorKind.Invalid, "must name researchers by their user id (1 to 200 characters), at most {max}.");
    public static readonly ErrorCode ResearchFormat = new("research.format", ErrorKind.Invalid, "must be csv or parquet.");
    public static readonly ErrorCode ResearchVariableNotApproved = new("forbidden.research-variable", Forbidden, "The project is not approved to receive the variable \"{variable}\".");
    public static readonly ErrorCode ResearchOutsidePeriod = new("research.outside-period", Rule, "The project's period runs from {from} to {to}: exports are allowed only within it.");
    public static readonly ErrorCode ResearchKeyMissing = new("research.key-missing", Rule, "The project's pseudonym key is missing or cannot be read, so nothing can be exported.");
    public static readonly ErrorCode ResearchKeyUnavailable = new("research.key-unavailable", Rule, "The project's pseudonym key could not be made, so the project was not created. Try again.");
}
