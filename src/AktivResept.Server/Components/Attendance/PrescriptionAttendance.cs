using AktivResept.Domain.Adherence;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Attendance.Registration;

namespace AktivResept.Server.Components.Attendance;

/// <summary>
/// What a prescription page shows about attendance, loaded by the page itself one query after another: sibling
/// components that each loaded their own would share the request's DbContext concurrently.
/// </summary>
public sealed record PrescriptionAttendance(AdherenceReport? Report, IReadOnlyList<SessionView>? Sessions)
{
    /// <summary>The statuses in which there is attendance to show: accepted and after.</summary>
    public static bool Applies(PrescriptionStatus status) =>
        status is PrescriptionStatus.Accepted or PrescriptionStatus.Active or PrescriptionStatus.Completed or PrescriptionStatus.DroppedOut;

    public static async Task<PrescriptionAttendance?> LoadAsync(SessionRegistration registration, CurrentUser user, Guid prescriptionId, PrescriptionStatus status, bool withSessions, CancellationToken ct)
    {
        if (!Applies(status))
        {
            return null;
        }

        var report = (await registration.AdherenceAsync(user, prescriptionId, ct)).Value;
        var sessions = withSessions ? (await registration.ListAsync(user, prescriptionId, ct)).Value : null;
        return new PrescriptionAttendance(report, sessions);
    }
}
