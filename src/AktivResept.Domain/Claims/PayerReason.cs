namespace AktivResept.Domain.Claims;

/// <summary>The payer's reason codes for rejecting a line; free text explains the particular case.</summary>
public enum PayerReason
{
    /// <summary>Documentation of the session is missing or insufficient.</summary>
    DocumentationMissing,

    /// <summary>The participant was not entitled on the session date.</summary>
    NotEntitled,

    /// <summary>The session has been billed before, here or elsewhere.</summary>
    DuplicateBilling,

    /// <summary>More than the prescribed dose.</summary>
    DoseExceeded,

    /// <summary>The trainer's qualification could not be verified.</summary>
    QualificationNotVerified,

    /// <summary>Suspected error or fraud, under investigation.</summary>
    SuspectedIrregularity,

    Other,
}
