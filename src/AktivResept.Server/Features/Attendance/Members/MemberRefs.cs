using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;

namespace AktivResept.Server.Features.Attendance.Members;

/// <summary>The provider admin's view of how their system may name a participant: our token and their member numbers.</summary>
public sealed class MemberRefs(AktivDbContext db, PrescriptionScope scope, MemberLinker linker, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<MemberRefView>>> ListAsync(CurrentUser user, Guid prescriptionId, CancellationToken ct)
    {
        var prescription = await FindAsync(user, prescriptionId, AuditAction.Read, ct);
        if (prescription is null)
        {
            return Failure.NotFound();
        }

        var list = await linker.ListAsync(prescription.ProviderId!.Value, prescription.ParticipantId, ct);
        audit.Add(user, $"Prescription/{prescriptionId}/member-refs", AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await audit.SaveAsync(ct);
        return list;
    }

    public async Task<Outcome<IReadOnlyList<MemberRefView>>> AddAsync(CurrentUser user, Guid prescriptionId, MemberRefRequest request, CancellationToken ct)
    {
        var prescription = await FindAsync(user, prescriptionId, AuditAction.Update, ct);
        if (prescription is null)
        {
            return Failure.NotFound();
        }

        var memberRef = request.MemberRef?.Trim();
        if (string.IsNullOrEmpty(memberRef) || memberRef.Length > MemberLinker.MaxLength)
        {
            return Failure.Invalid("memberRef", ErrorCodes.RequiredMaxLength.With(("max", MemberLinker.MaxLength)));
        }

        if (await linker.LinkAsync(prescription.ProviderId!.Value, prescription.ParticipantId, memberRef, ct) is { } problem)
        {
            return Failure.Of(problem, "memberRef");
        }

        audit.Add(user, $"Prescription/{prescriptionId}/member-refs", AuditAction.Update, AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(ct);
        return await linker.ListAsync(prescription.ProviderId!.Value, prescription.ParticipantId, ct);
    }

    /// <summary>Only the admin of the provider the prescription was accepted by; anyone else sees nothing.</summary>
    private async Task<Domain.Prescriptions.Prescription?> FindAsync(CurrentUser user, Guid id, string action, CancellationToken ct)
    {
        var prescription = user.Role == Roles.ProviderAdmin ? await scope.FindVisibleAsync(user, id, ct) : null;
        if (prescription is null || prescription.ProviderId is null || prescription.TrainerId is null)
        {
            await audit.DeniedAsync(user, $"Prescription/{id}/member-refs", action, ct);
            return null;
        }

        return prescription;
    }
}
