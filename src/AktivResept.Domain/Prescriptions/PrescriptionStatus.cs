namespace AktivResept.Domain.Prescriptions;

public enum PrescriptionStatus
{
    Draft,
    Issued,
    Accepted,
    Active,
    Completed,
    Rejected,
    Expired,
    Cancelled,
    DroppedOut,
}
