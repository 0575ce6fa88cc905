using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Matching;

/// <summary>The provider's trainers whose certification covers the prescription's whole period: the acceptance picker.</summary>
public sealed class QualifiedTrainersHandler(AktivDbContext db, PrescriptionQueries queries, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<TrainerOption>>> HandleAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var prescription = await queries.FindVisibleAsync(user, id, ct);
        if (prescription is null || user.Role != Roles.ProviderAdmin)
        {
            await audit.DeniedAsync(user, $"Prescription/{id}/qualified-trainers", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var org = user.Organisation!.Value;
        var trainers = await db.Trainers.AsNoTracking()
            .Where(t => t.Roles.Any(r => r.OrganisationNumber == org))
            .Include(t => t.Certifications)
            .OrderBy(t => t.Name)
            .ToListAsync(ct);

        audit.Add(user, $"Prescription/{id}/qualified-trainers", AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
        await db.SaveChangesAsync(ct);
        return trainers
            .Where(t => Qualification.Qualifies(t.Certifications.Select(c => c.ToDomain()), prescription.RequiredCompetence, prescription.StartDate, prescription.EndDate))
            .Select(t => new TrainerOption(t.Id, t.Name, t.Certifications.Select(c => new CertificationView(c.Kind, c.Issuer, c.ValidFrom, c.ValidTo)).ToList()))
            .ToList();
    }
}
