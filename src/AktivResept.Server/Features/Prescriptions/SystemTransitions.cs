using System.Data.Common;
using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AktivResept.Server.Features.Prescriptions;

/// <summary>A prescription a job wants to move: the status and version it read, and why it moves.</summary>
public sealed record SystemMove(Guid PrescriptionId, PrescriptionStatus ExpectedStatus, int ExpectedVersion, string Reason);

/// <summary>What one system transition did: the prescriptions that moved, and those the lifecycle graph refused.</summary>
public sealed record SystemMoveResult(IReadOnlyList<Guid> Moved, IReadOnlyList<Guid> Refused);

/// <summary>
/// The one path by which the system (a job, not a person) changes a prescription's status. It asks the lifecycle graph
/// which statuses the system may move to the target and refuses every other candidate; it moves the rest in one
/// conditional update (still the status and version the job read, version bumped), so several instances can run at
/// once and each row moves once; and for exactly the rows that moved it records the same <see cref="StatusChange"/>,
/// audit row and, through <c>StatusChangeEvents</c> at SaveChanges, <c>PrescriptionEvent</c> as a person's transition.
/// All in the caller's transaction when there is one (e.g. the adherence job's locked batch), else in its own.
/// Prescriptions the caller tracks are not refreshed: jobs read them without tracking.
/// </summary>
public sealed class SystemTransitions(AktivDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<SystemMoveResult> MoveAsync(PrescriptionStatus target, IReadOnlyCollection<SystemMove> candidates, string job, CancellationToken ct)
    {
        var sources = Lifecycle.SourcesOf(target, ActorKind.System);
        var refused = candidates.Where(c => !sources.Contains(c.ExpectedStatus)).Select(c => c.PrescriptionId).ToList();
        var allowed = candidates.Where(c => sources.Contains(c.ExpectedStatus)).DistinctBy(c => c.PrescriptionId).ToDictionary(c => c.PrescriptionId);
        if (allowed.Count == 0)
        {
            return new SystemMoveResult([], refused);
        }

        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var moved = await UpdateAsync(target, allowed.Values, ct);
        var now = clock.GetUtcNow();
        var correlationId = $"{job}-{now:yyyyMMddHHmmss}";
        foreach (var (id, participantId) in moved)
        {
            var move = allowed[id];
            db.StatusChanges.Add(new StatusChange(id, move.ExpectedStatus, target, Actor.System.Id, Actor.System.Role, now, move.Reason));
            audit.Add(Actor.System, $"Prescription/{id}", $"{AuditAction.Update}:{target}", AuditOutcome.Success, participantId, correlationId);
        }

        await db.SaveChangesAsync(ct);
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        return new SystemMoveResult([.. moved.Select(m => m.Id)], refused);
    }

    /// <summary>
    /// One statement for the whole set, returning the rows it moved. A row another instance moved first no longer has
    /// the version read (PostgreSQL re-checks the condition after waiting for that writer; SQLite has one writer).
    /// </summary>
    private async Task<List<(Guid Id, Guid ParticipantId)>> UpdateAsync(PrescriptionStatus target, IEnumerable<SystemMove> moves, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (db.Database.IsNpgsql())
        {
            command.CommandText = """
                UPDATE "Prescriptions" AS p SET "Status" = @target, "Version" = p."Version" + 1
                FROM unnest(@ids, @statuses, @versions) AS c(id, status, version)
                WHERE p."Id" = c.id AND p."Status" = c.status AND p."Version" = c.version
                RETURNING p."Id", p."ParticipantId"
                """;
            Add(command, "ids", moves.Select(m => m.PrescriptionId).ToArray());
            Add(command, "statuses", moves.Select(m => m.ExpectedStatus.ToString()).ToArray());
            Add(command, "versions", moves.Select(m => m.ExpectedVersion).ToArray());
        }
        else
        {
            // EF stores a Guid in SQLite as upper-case text; the candidates travel as one JSON array.
            command.CommandText = """
                UPDATE "Prescriptions" SET "Status" = @target, "Version" = "Version" + 1
                FROM (SELECT json_extract(value, '$[0]') AS cid, json_extract(value, '$[1]') AS cstatus, json_extract(value, '$[2]') AS cversion
                      FROM json_each(@candidates)) AS c
                WHERE "Prescriptions"."Id" = c.cid AND "Prescriptions"."Status" = c.cstatus AND "Prescriptions"."Version" = c.cversion
                RETURNING "Id", "ParticipantId"
                """;
            Add(command, "candidates", JsonSerializer.Serialize(moves.Select(m => new object[]
            {
                m.PrescriptionId.ToString().ToUpperInvariant(), m.ExpectedStatus.ToString(), m.ExpectedVersion,
            })));
        }

        Add(command, "target", target.ToString());
        var moved = new List<(Guid, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            moved.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        return moved;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
