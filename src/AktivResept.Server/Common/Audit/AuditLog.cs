using System.Diagnostics;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Adds audit records to the current unit of work, so a write and its audit row commit (or roll back) together.
/// Denials have nothing else to commit and are saved straight away.
/// </summary>
public sealed class AuditLog(AktivDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public void Add(CurrentUser? user, string resource, string action, AuditOutcome outcome, Guid? subjectPersonId = null, string? purpose = null)
    {
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow(),
            Actor = user?.Subject ?? "anonymous",
            Role = user?.Role ?? "none",
            Organisation = user?.Organisation?.Value,
            SubjectPersonId = subjectPersonId,
            Resource = resource,
            Action = action,
            Purpose = purpose ?? DefaultPurpose(user?.Role),
            Outcome = outcome,
            CorrelationId = CorrelationId(),
            ActorName = Bounded(user?.Name, 200),
            ActorHpr = user?.Hpr?.Value,
            Category = AuditCategories.Of(resource),
        });
    }

    /// <summary>
    /// A row for a change the system made on its own (a job), shaped like a person's: the actor's id and role, the
    /// resource, the action, the subject. One run's rows share <paramref name="correlationId"/>.
    /// </summary>
    public void Add(Actor actor, string resource, string action, AuditOutcome outcome, Guid? subjectPersonId, string correlationId) =>
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow(),
            Actor = actor.Id,
            Role = actor.Role,
            SubjectPersonId = subjectPersonId,
            Resource = resource,
            Action = action,
            Purpose = DefaultPurpose(actor.Role),
            Outcome = outcome,
            CorrelationId = correlationId,
            Category = AuditCategories.Of(resource),
        });

    /// <summary>Saves audit rows added for a read-only request.</summary>
    public Task SaveAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);

    public Task DeniedAsync(CurrentUser? user, string resource, string action, CancellationToken cancellationToken) =>
        DeniedAsync(user, resource, action, null, cancellationToken);

    /// <summary>A denial about a known person: it shows in their access log (innsyn), though the caller only saw a 404.</summary>
    public async Task DeniedAsync(CurrentUser? user, string resource, string action, Guid? subjectPersonId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Add(user, resource, action, AuditOutcome.Denied, subjectPersonId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>An entitled request refused by a rule (409/422): whatever it tried is discarded, the attempt is kept.</summary>
    public async Task RefusedAsync(CurrentUser? user, string resource, string action, Guid? subjectPersonId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Add(user, resource, action, AuditOutcome.Refused, subjectPersonId);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Bounded(string? value, int length) => value is { Length: > 0 } ? value[..Math.Min(value.Length, length)] : null;

    private string CorrelationId() =>
        Activity.Current?.TraceId.ToString() ?? http.HttpContext?.TraceIdentifier ?? Guid.NewGuid().ToString("N");

    /// <summary>The purpose of use each role reads personal data for (GDPR art. 5(1)(b)).</summary>
    private static string DefaultPurpose(string? role) => role switch
    {
        Roles.Referrer or Roles.Ehr => "treatment-follow-up",
        Roles.ProviderAdmin or Roles.Trainer => "service-delivery",
        Roles.Participant => "own-data",
        Roles.Payer => "reimbursement",
        Roles.Municipality => "service-administration",
        Roles.Researcher => "research",
        Roles.SecurityOfficer => "security-monitoring",
        _ => "system",
    };
}
