namespace AktivResept.Domain.Prescriptions;

public enum FundingSource
{
    /// <summary>Reimbursed by the state while the person receives one of the six benefits.</summary>
    StateReimbursed,
    SelfPaid,
    EmployerPaid,
    Municipality,
}
