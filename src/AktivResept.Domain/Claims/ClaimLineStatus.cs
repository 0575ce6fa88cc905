namespace AktivResept.Domain.Claims;

public enum ClaimLineStatus
{
    /// <summary>Passed every rule and priced; waiting for the payer.</summary>
    Priced,

    /// <summary>Refused by our own rules, with reason codes; never payable.</summary>
    Refused,

    Approved,

    /// <summary>Rejected by the payer, with a payer reason code and free text.</summary>
    Rejected,
}
