namespace AktivResept.Domain.Eligibility;

/// <summary>The six welfare benefits (ytelser) that make a person eligible for state reimbursement.</summary>
public enum BenefitKind
{
    /// <summary>Sykepenger.</summary>
    SicknessBenefit,

    /// <summary>Arbeidsavklaringspenger.</summary>
    WorkAssessmentAllowance,

    /// <summary>Uføretrygd.</summary>
    DisabilityBenefit,

    /// <summary>Overgangsstønad.</summary>
    TransitionalBenefit,

    /// <summary>Dagpenger.</summary>
    UnemploymentBenefit,

    /// <summary>Økonomisk sosialhjelp.</summary>
    SocialAssistance,
}
