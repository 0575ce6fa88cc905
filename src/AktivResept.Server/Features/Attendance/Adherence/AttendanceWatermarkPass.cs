using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Attendance.Adherence;

/// <summary>
/// Finds attendance written since the last pass and marks its prescriptions dirty for the adherence job, in the job,
/// so a webhook delivery writes no mark on the request path (issue 19). The rows themselves say what is new: each
/// carries the id of the transaction that wrote it (<see cref="WrittenInTx"/>, 64-bit, never wraps).
/// <para>
/// Commit order is not id order: a transaction with a lower id can commit after a higher one has been seen. So the
/// watermark is not the highest id seen but the oldest transaction still in flight when the pass looked
/// (<c>pg_snapshot_xmin</c>): every row the pass could not see has an id at or above it, and the next pass reads from
/// there. Rows it did see at or above the horizon are marked once more next time (harmless: a recomputation). A
/// long-running transaction holds the horizon back and the passes re-read rows from then on, never miss any.
/// </para>
/// <para>
/// The marks and the watermark commit together under a lock on the watermark row, so app instances run it one at a
/// time and a crash in between loses nothing. The marking itself is <see cref="AdherenceDirtyMarks"/> (its version
/// bump keeps a row dirty that a batch is computing meanwhile). SQLite has one writer, so commit order is row order:
/// there the watermark is the last <c>rowid</c> seen.
/// </para>
/// </summary>
public sealed class AttendanceWatermarkPass(AktivDbContext db)
{
    public const string WrittenInTx = AttendanceWriterTransaction.Column;

    /// <summary>The column default on PostgreSQL: the writing transaction's 64-bit id.</summary>
    public const string CurrentTransaction = AttendanceWriterTransaction.CurrentTransaction;

    public const string Attendance = "attendance";

    /// <summary>Rows written before the column existed carry 0: the per-delivery marks of that time covered them.</summary>
    public const long Start = 1;

    /// <summary>Marks the prescriptions with attendance written since the last pass; returns how many.</summary>
    public async Task<int> MarkNewAttendanceAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var sqlite = db.IsSqlite();
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "AdherenceWatermarks" ("Name", "Position") VALUES ({0}, {1}) ON CONFLICT DO NOTHING""", [Attendance, sqlite ? 0L : Start], ct);
        var position = await db.Database.SqlQueryRaw<long>(
            sqlite
                ? """SELECT "Position" AS "Value" FROM "AdherenceWatermarks" WHERE "Name" = {0}"""
                : """SELECT "Position" AS "Value" FROM "AdherenceWatermarks" WHERE "Name" = {0} FOR UPDATE""", Attendance).SingleAsync(ct);

        // The horizon after the lock, and before the read: the read's snapshot is newer, so what it cannot see is above.
        var horizon = await db.Database.SqlQueryRaw<long>(
            sqlite
                ? """SELECT COALESCE(MAX(rowid), 0) AS "Value" FROM "AttendanceRecords" """
                : """SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "Value" """).SingleAsync(ct);
        var fresh = await (sqlite
                ? db.Database.SqlQueryRaw<Guid>(
                    """SELECT DISTINCT "PrescriptionId" AS "Value" FROM "AttendanceRecords" WHERE rowid > {0} AND rowid <= {1} AND "PrescriptionId" IS NOT NULL""", position, horizon)
                : db.Database.SqlQueryRaw<Guid>(
                    """SELECT DISTINCT "PrescriptionId" AS "Value" FROM "AttendanceRecords" WHERE "WrittenInTx" >= {0} AND "PrescriptionId" IS NOT NULL""", position))
            .ToArrayAsync(ct);

        await AdherenceDirtyMarks.MarkAsync(db, fresh, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        if (horizon > position)
        {
            await db.AdherenceWatermarks.Where(w => w.Name == Attendance).ExecuteUpdateAsync(s => s.SetProperty(w => w.Position, horizon), ct);
        }

        await transaction.CommitAsync(ct);
        return fresh.Length;
    }
}
