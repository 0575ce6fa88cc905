using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Features.Attendance.Adherence;

/// <summary>
/// Writes a batch of computed snapshots in one statement (PostgreSQL: arrays through <c>unnest</c>, upserted), since a
/// full recomputation touches every open prescription. SQLite, the one-process dev mode, goes through EF.
/// </summary>
public sealed class AdherenceSnapshotStore(AktivDbContext db)
{
    public async Task UpsertAsync(List<AdherenceSnapshot> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (!db.Database.IsNpgsql())
        {
            foreach (var row in rows)
            {
                var exists = await db.AdherenceSnapshots.AsNoTracking().AnyAsync(s => s.PrescriptionId == row.PrescriptionId, ct);
                db.Entry(row).State = exists ? EntityState.Modified : EntityState.Added;
            }

            return;
        }

        rows.Sort((a, b) => a.PrescriptionId.CompareTo(b.PrescriptionId));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "AdherenceSnapshots" ("PrescriptionId", "AttendedSessions", "PrescribedToDate", "AttendedMinutes", "FirstAttendedAt",
                "LastAttendedAt", "Verdict", "Dirty", "ComputedAt", "RiskAlertedAt", "LastReportThrough")
            SELECT * FROM unnest(@id, @attended, @prescribed, @minutes, @first, @last, @verdict, @dirty, @computed, @alerted, @reported)
            ON CONFLICT ("PrescriptionId") DO UPDATE SET
                "AttendedSessions" = EXCLUDED."AttendedSessions", "PrescribedToDate" = EXCLUDED."PrescribedToDate",
                "AttendedMinutes" = EXCLUDED."AttendedMinutes", "FirstAttendedAt" = EXCLUDED."FirstAttendedAt",
                "LastAttendedAt" = EXCLUDED."LastAttendedAt", "Verdict" = EXCLUDED."Verdict", "Dirty" = EXCLUDED."Dirty",
                "ComputedAt" = EXCLUDED."ComputedAt", "RiskAlertedAt" = EXCLUDED."RiskAlertedAt", "LastReportThrough" = EXCLUDED."LastReportThrough"
            """, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.AddWithValue("id", rows.Select(r => r.PrescriptionId).ToArray());
        command.Parameters.AddWithValue("attended", rows.Select(r => r.AttendedSessions).ToArray());
        command.Parameters.AddWithValue("prescribed", rows.Select(r => r.PrescribedToDate).ToArray());
        command.Parameters.AddWithValue("minutes", rows.Select(r => r.AttendedMinutes).ToArray());
        command.Parameters.AddWithValue("first", rows.Select(r => r.FirstAttendedAt).ToArray());
        command.Parameters.AddWithValue("last", rows.Select(r => r.LastAttendedAt).ToArray());
        command.Parameters.Add(new NpgsqlParameter("verdict", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.Verdict.ToString()).ToArray() });
        command.Parameters.AddWithValue("dirty", rows.Select(r => r.Dirty).ToArray());
        command.Parameters.AddWithValue("computed", rows.Select(r => r.ComputedAt).ToArray());
        command.Parameters.AddWithValue("alerted", rows.Select(r => r.RiskAlertedAt).ToArray());
        command.Parameters.AddWithValue("reported", rows.Select(r => r.LastReportThrough).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }
}
