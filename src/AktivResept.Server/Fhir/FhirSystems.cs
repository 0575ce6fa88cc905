namespace AktivResept.Server.Fhir;

/// <summary>
/// Identifier systems, code systems and extension URLs of the FHIR facade. Ours live under one base URL, so a reader
/// of a resource can tell at a glance which elements are AktivResept's own (docs/fhir.md lists them).
/// </summary>
public static class FhirSystems
{
    public const string Base = "http://aktivresept.no/fhir";

    public const string PrescriptionIdentifier = "urn:aktivresept:prescription";

    public const string Snomed = "http://snomed.info/sct";

    /// <summary>SNOMED CT "Referral to physical activity program": the only ServiceRequest.code we take.</summary>
    public const string ReferralCode = "390893007";

    public const string ReferralDisplay = "Referral to physical activity program";

    /// <summary>ICPC-2, the primary-care reason classification (Volven 7170).</summary>
    public const string Icpc2 = "urn:oid:2.16.578.1.12.4.1.1.7170";

    public const string TaskCode = "http://hl7.org/fhir/CodeSystem/task-code";

    public const string Ucum = "http://unitsofmeasure.org";

    public const string Loinc = "http://loinc.org";

    /// <summary>
    /// LOINC "Frequency of moderate to vigorous aerobic physical activity", in min/wk: the minutes-per-week code of the
    /// HL7 Physical Activity IG, which the issue asks for (docs/fhir.md says why not 55411-3 "Exercise duration").
    /// </summary>
    public const string MinutesPerWeekCode = "82290-8";

    public const string MinutesPerWeekDisplay = "Frequency of moderate to vigorous aerobic physical activity";

    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>The Norwegian base profile's municipality extension on Address (no-basis), valueCoding with the kommunenummer.</summary>
    public const string MunicipalityExtension = "http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode";

    public const string ActivityTypeSystem = Base + "/CodeSystem/activity-type";

    public const string CertificationKindSystem = Base + "/CodeSystem/certification-kind";

    public const string FundingSourceSystem = Base + "/CodeSystem/funding-source";

    public const string PrescriptionStatusSystem = Base + "/CodeSystem/prescription-status";

    public const string TaskOutputSystem = Base + "/CodeSystem/task-output";

    public const string AccessibilitySystem = Base + "/CodeSystem/accessibility-feature";

    /// <summary>Adherence measures without a fitting LOINC code (sessions attended/prescribed, no-shows, the closing summary).</summary>
    public const string AdherenceSystem = Base + "/CodeSystem/adherence";

    /// <summary>Task.output type for the trainer a provider assigns when accepting.</summary>
    public const string AssignedTrainer = "assigned-trainer";

    /// <summary>Task output type: the dose chosen at the initial assessment (valueTiming).</summary>
    public const string DoseOutput = "dose";

    /// <summary>Task.output type for each weekly adherence Observation.</summary>
    public const string AdherenceWeek = "adherence-week";

    /// <summary>Task.output type for the closing DiagnosticReport.</summary>
    public const string AdherenceSummary = "adherence-summary";

    public const string FundingExtension = Base + "/StructureDefinition/funding-source";

    public const string MinutesPerSessionExtension = Base + "/StructureDefinition/minutes-per-session";

    public const string ConfirmationIntervalExtension = Base + "/StructureDefinition/confirmation-interval";

    public const string PrescriptionStatusExtension = Base + "/StructureDefinition/prescription-status";

    /// <summary>On a ServiceRequest (out): true while the dose is still to be set at the initial assessment.</summary>
    public const string DoseAtAssessmentExtension = Base + "/StructureDefinition/dose-at-assessment";

    /// <summary>On the create answer: valueReference to the contained OperationOutcome saying what was inferred.</summary>
    public const string InferredExtension = Base + "/StructureDefinition/inferred";

    public const string CertificationExtension = Base + "/StructureDefinition/certification";

    public const string AccessibilityExtension = Base + "/StructureDefinition/accessibility-feature";

    /// <summary>A claim's id (Claim.identifier), so a Claim can be found again from its ClaimResponse or a payment.</summary>
    public const string ClaimIdentifier = "urn:aktivresept:claim";

    /// <summary>The payment batch (pain.001 file) that paid a claim: ClaimResponse.payment.identifier.</summary>
    public const string PaymentBatchIdentifier = "urn:aktivresept:payment-batch";

    public const string ClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";

    public const string ProcessPriority = "http://terminology.hl7.org/CodeSystem/processpriority";

    public const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";

    public const string PaymentType = "http://terminology.hl7.org/CodeSystem/ex-paymenttype";

    /// <summary>Core extension for a required element that has no proper value (here: Claim.patient of a multi-participant claim).</summary>
    public const string DataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    /// <summary>What a claim line bills (<c>PtSession</c>, <c>GroupSession</c>, <c>DietGuidance</c>, <c>InitialAssessment</c>).</summary>
    public const string ServiceTypeSystem = Base + "/CodeSystem/service-type";

    /// <summary>Our own rules' reasons for refusing a line before it reaches the payer.</summary>
    public const string RefusalReasonSystem = Base + "/CodeSystem/refusal-reason";

    /// <summary>The payer's reason codes for rejecting a line.</summary>
    public const string PayerReasonSystem = Base + "/CodeSystem/payer-reason";

    /// <summary>Adjudication categories the HL7 code system lacks: <c>co-financing</c> (the contract's share).</summary>
    public const string AdjudicationSystem = Base + "/CodeSystem/adjudication";

    public const string ClaimStatusExtension = Base + "/StructureDefinition/claim-status";

    /// <summary>On each Claim item: the Patient the line is for (a claim bills many participants, Claim.patient holds one).</summary>
    public const string ClaimItemPatientExtension = Base + "/StructureDefinition/claim-item-patient";
}
