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

    /// <summary>Every status with an edge into <paramref name="target"/>.</summary>
    public static IReadOnlyList<PrescriptionStatus> SourcesOf(PrescriptionStatus target) =>
        [.. Allowed.Where(edge => edge.Value.Contains(target)).Select(edge => edge.Key)];

    /// <summary>The statuses from which <paramref name="actor"/> may move a prescription to <paramref name="target"/>.</summary>
    public static IReadOnlyList<PrescriptionStatus> SourcesOf(PrescriptionStatus target, ActorKind actor) =>
        [.. SourcesOf(target).Where(from => IsAllowed(from, target, actor))];

    /// <summary>
    /// Whether the edge exists and <paramref name="actor"/> may take it. The system acts only on the clock and on
    /// attendance (start, expire, drop out, complete); issuing, accepting, rejecting and cancelling are someone's decision.
    /// </summary>
    public static bool IsAllowed(PrescriptionStatus from, PrescriptionStatus to, ActorKind actor) =>
        CanMove(from, to) && (actor == ActorKind.Person || SystemTargets.Contains(to));

    private static readonly PrescriptionStatus[] SystemTargets =
    [
        PrescriptionStatus.Active, PrescriptionStatus.Expired, PrescriptionStatus.DroppedOut, PrescriptionStatus.Completed,
    ];

    /// <summary>Statuses that hold a person's single state-reimbursed place.</summary>
    public static readonly PrescriptionStatus[] Open =
        [PrescriptionStatus.Issued, PrescriptionStatus.Accepted, PrescriptionStatus.Active];

    public static bool IsOpen(PrescriptionStatus status) => Open.Contains(status);
}
