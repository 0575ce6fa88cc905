using AktivResept.Domain.Adherence;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// Flags prescriptions whose attendance changed so the adherence job recomputes them. Every mark raises
/// <see cref="AdherenceSnapshot.DirtyVersion"/>, even on a row that is already dirty: that is how a job that read the
/// row before this delivery committed knows not to clear the flag. Ids are taken in order so two concurrent batches
/// lock snapshot rows in the same order and cannot deadlock.
/// </summary>
public static class AdherenceDirtyMarks
{
    /// <summary>The version a mark gives a row it creates; a job that found no row carries 0, so the two never match.</summary>
    public const int FirstMark = 1;

    public static async Task MarkAsync(AktivDbContext db, Guid[] prescriptionIds, CancellationToken ct)
    {
        if (prescriptionIds.Length == 0)
        {
            return;
        }

        if (db.Database.IsNpgsql())
        {
            Array.Sort(prescriptionIds);
            await db.Database.ExecuteSqlRawAsync(PostgresSql, [new NpgsqlParameter("ids", prescriptionIds)], ct);
            return;
        }

        var existing = await db.AdherenceSnapshots.Where(s => prescriptionIds.Contains(s.PrescriptionId)).ToListAsync(ct);
        foreach (var snapshot in existing)
        {
            snapshot.Dirty = true;
            snapshot.DirtyVersion++;
        }

        foreach (var id in prescriptionIds.Except(existing.Select(s => s.PrescriptionId)))
        {
            db.AdherenceSnapshots.Add(new AdherenceSnapshot { PrescriptionId = id, Dirty = true, DirtyVersion = FirstMark, Verdict = AdherenceVerdict.NotStarted, ComputedAt = DateTimeOffset.UnixEpoch });
        }
    }

    /// <summary>The PostgreSQL mark as a statement, so the webhook can send it in the same round trip as its audit rows.</summary>
    public static NpgsqlBatchCommand PostgresCommand(Guid[] prescriptionIds)
    {
        Array.Sort(prescriptionIds);
        var command = new NpgsqlBatchCommand(PostgresSql);
        command.Parameters.AddWithValue("ids", prescriptionIds);
        return command;
    }

    private static readonly string PostgresSql =
        $"""
        INSERT INTO "AdherenceSnapshots" ("PrescriptionId", "AttendedSessions", "PrescribedToDate", "Verdict", "Dirty", "DirtyVersion", "ComputedAt")
        SELECT id, 0, 0, '{nameof(AdherenceVerdict.NotStarted)}', TRUE, {FirstMark}, '-infinity'::timestamptz FROM unnest(@ids) WITH ORDINALITY AS u(id, n) ORDER BY n
        ON CONFLICT ("PrescriptionId") DO UPDATE SET "Dirty" = TRUE, "DirtyVersion" = "AdherenceSnapshots"."DirtyVersion" + 1
        """;
}
