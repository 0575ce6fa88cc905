namespace AktivResept.Domain.Claims;

/// <summary>Error and fraud signals shown to the payer next to a line. They inform the review; they refuse nothing.</summary>
public enum ClaimSignal
{
    /// <summary>A trainer-registered session on a day the gym's own system recorded no event for the participant.</summary>
    NoGymEventThatDay,

    /// <summary>The same trainer has an overlapping session at another location.</summary>
    TrainerInTwoPlaces,

    /// <summary>More attended sessions in the ISO week than prescribed.</summary>
    MoreSessionsThanPrescribed,

    /// <summary>The session came after the participant's benefit had ended.</summary>
    AfterBenefitEnded,

    /// <summary>The line's trainer has certificates, but only ones the gym entered that no issuer's register has confirmed.</summary>
    UnverifiedCertificationOnly,
}
