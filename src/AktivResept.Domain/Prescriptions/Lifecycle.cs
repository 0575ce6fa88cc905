namespace AktivResept.Domain.Prescriptions;

/// <summary>The prescription lifecycle graph (PRODUCT.md). Anything not listed here is refused.</summary>
public static class Lifecycle
{
    private static readonly Dictionary<PrescriptionStatus, PrescriptionStatus[]> Allowed = new()
    {
        [PrescriptionStatus.Draft] = [PrescriptionStatus.Issued, PrescriptionStatus.Cancelled],
        [PrescriptionStatus.Issued] =
        [
            PrescriptionStatus.Accepted, PrescriptionStatus.Rejected, PrescriptionStatus.Expired,
            PrescriptionStatus.Cancelled,
        ],
        [PrescriptionStatus.Accepted] =
        [
            PrescriptionStatus.Active, PrescriptionStatus.Expired, PrescriptionStatus.Cancelled,
            PrescriptionStatus.DroppedOut,
        ],
        [PrescriptionStatus.Active] =
            [PrescriptionStatus.Completed, PrescriptionStatus.DroppedOut, PrescriptionStatus.Cancelled],
    };

    public static bool CanMove(PrescriptionStatus from, PrescriptionStatus to) =>
        Allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    public static IReadOnlyList<PrescriptionStatus> NextFrom(PrescriptionStatus from) =>
        Allowed.TryGetValue(from, out var targets) ? targets : [];

    public static bool IsTerminal(PrescriptionStatus status) => !Allowed.ContainsKey(status);

    /// <summary>Statuses that hold a person's single state-reimbursed place.</summary>
    public static readonly PrescriptionStatus[] Open =
        [PrescriptionStatus.Issued, PrescriptionStatus.Accepted, PrescriptionStatus.Active];

    public static bool IsOpen(PrescriptionStatus status) => Open.Contains(status);
}
