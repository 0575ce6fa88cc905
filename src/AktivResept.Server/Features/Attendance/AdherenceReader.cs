using AktivResept.Domain.Adherence;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// Computes a prescription's adherence from its counted attendance (matched or linked events), now. Callers have
/// already checked that the caller may see the prescription.
/// </summary>
public sealed class AdherenceReader(AktivDbContext db, TimeProvider clock, IOptions<AttendanceOptions> options)
{
    public async Task<AdherenceReport> ReportAsync(Prescription prescription, CancellationToken ct) =>
        Evaluate(prescription, await FactsAsync(prescription.Id, ct), clock.GetUtcNow());

    public AdherenceReport Evaluate(Prescription prescription, IEnumerable<AttendanceFact> facts, DateTimeOffset asOf) =>
        AdherenceCalculator.Evaluate(PlanOf(prescription), facts, asOf, options.Value.PolicyFor(prescription.Funding));

    public static AdherencePlan PlanOf(Prescription p) => new(p.StartDate, p.EndDate, p.SessionsPerWeek, p.PausedSpans);

    public Task<List<AttendanceFact>> FactsAsync(Guid prescriptionId, CancellationToken ct) =>
        db.AttendanceRecords.AsNoTracking()
            .Where(a => a.PrescriptionId == prescriptionId &&
                        (a.Reconciliation == ReconciliationState.Matched || a.Reconciliation == ReconciliationState.Linked))
            .Select(a => new AttendanceFact(a.OccurredAt, a.Kind, a.DurationMinutes))
            .ToListAsync(ct);
}
