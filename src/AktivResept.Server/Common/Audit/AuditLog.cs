using System.Diagnostics;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Audit;

/// <summary>
/// Adds audit records to the current unit of work, so a write and its audit row commit (or roll back) together.
/// Denials have nothing else to commit and are saved straight away. A request whose only change is audit rows (a
/// read, a denial) hands them to the batched <see cref="AuditWriter"/> and answers once they are committed.
/// </summary>
public sealed class AuditLog(AktivDbContext db, TimeProvider clock, IHttpContextAccessor http, AuditWriter? writer = null)
{
    public void Add(CurrentUser? user, string resource, string action, AuditOutcome outcome, Guid? subjectPersonId = null, string? purpose = null) =>
        db.AuditRecords.Add(Record(user, resource, action, outcome, subjectPersonId, purpose));

    /// <summary>
    /// The row <see cref="Add"/> would add, for a write that inserts it in its own transaction without the change
    /// tracker (the booking on PostgreSQL, <c>Features/Programmes/Booking/PostgresBookingBatches</c>).
    /// </summary>
    public AuditRecord Create(CurrentUser? user, string resource, string action, AuditOutcome outcome, Guid? subjectPersonId = null) =>
        Record(user, resource, action, outcome, subjectPersonId, null);

    /// <summary>
    /// A read's rows, one per data subject (one without a subject when it found none), on their way as
    /// <see cref="StartSaveAsync"/> puts them: when the unit of work holds no change they go straight to the batched
    /// writer, without passing through the change tracker; otherwise they join the unit of work and are saved with it.
    /// The returned task completes when they are committed; the request must await it before it answers.
    /// </summary>
    public async Task<Task> StartReadAsync(CurrentUser user, string resource, string action, IReadOnlyCollection<Guid> subjects, CancellationToken cancellationToken)
    {
        List<AuditRecord> rows = subjects.Count == 0
            ? [Record(user, resource, action, AuditOutcome.Success, null, null)]
            : [.. subjects.Select(s => Record(user, resource, action, AuditOutcome.Success, s, null))];
        if (writer is { Enabled: true } && db.Database.CurrentTransaction is null && !db.ChangeTracker.HasChanges())
        {
            return writer.WriteAsync(rows);
        }

        db.AuditRecords.AddRange(rows);
        return await StartSaveAsync(cancellationToken);
    }

    private AuditRecord Record(CurrentUser? user, string resource, string action, AuditOutcome outcome, Guid? subjectPersonId, string? purpose) =>
        new()
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
        };

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
    public Task SaveAsync(CancellationToken cancellationToken) => SaveOnlyAuditAsync(cancellationToken);

    public Task DeniedAsync(CurrentUser? user, string resource, string action, CancellationToken cancellationToken) =>
        DeniedAsync(user, resource, action, null, cancellationToken);

    /// <summary>A denial about a known person: it shows in their access log (innsyn), though the caller only saw a 404.</summary>
    public async Task DeniedAsync(CurrentUser? user, string resource, string action, Guid? subjectPersonId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Add(user, resource, action, AuditOutcome.Denied, subjectPersonId);
        await SaveOnlyAuditAsync(cancellationToken);
    }

    /// <summary>An entitled request refused by a rule (409/422): whatever it tried is discarded, the attempt is kept.</summary>
    public async Task RefusedAsync(CurrentUser? user, string resource, string action, Guid? subjectPersonId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Add(user, resource, action, AuditOutcome.Refused, subjectPersonId);
        await SaveOnlyAuditAsync(cancellationToken);
    }

    /// <summary>
    /// Starts saving a read's audit rows and returns once the context is free for the next query: the returned task
    /// completes when the rows are committed, and the request must await it before it answers. Lets a read overlap
    /// its audit commit with the rest of its work.
    /// </summary>
    public async Task<Task> StartSaveAsync(CancellationToken cancellationToken)
    {
        if (TakeOnlyAuditRows() is { } rows)
        {
            return rows.Count == 0 ? Task.CompletedTask : writer!.WriteAsync(rows);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Task.CompletedTask;
    }

    private async Task SaveOnlyAuditAsync(CancellationToken cancellationToken) => await await StartSaveAsync(cancellationToken);

    /// <summary>
    /// When the unit of work holds nothing but new audit rows, takes them out of the context (so a later save does not
    /// write them twice) for the batched writer; null when it holds anything else, which is then saved as one
    /// transaction, rows and all (also inside an explicit transaction, and on SQLite).
    /// </summary>
    private List<AuditRecord>? TakeOnlyAuditRows()
    {
        if (writer is not { Enabled: true } || db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        var rows = new List<AuditRecord>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry is not { State: EntityState.Added, Entity: AuditRecord record })
            {
                return null;
            }

            rows.Add(record);
        }

        foreach (var record in rows)
        {
            db.Entry(record).State = EntityState.Detached;
        }

        return rows;
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
