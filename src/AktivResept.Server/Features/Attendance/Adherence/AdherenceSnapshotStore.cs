using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Features.Attendance.Adherence;

/// <summary>
/// Writes a batch of computed snapshots in one statement (PostgreSQL: arrays through <c>unnest</c>, upserted), since a
/// full recomputation touches every open prescription. SQLite, the one-process dev mode, goes through EF.
/// <para>
/// <see cref="AdherenceSnapshot.Dirty"/> is cleared only where <see cref="AdherenceSnapshot.DirtyVersion"/> is still
/// the version the job read: a delivery that marked the row after the job read its attendance keeps it dirty. A row
/// the job found missing is inserted clean with version 0; one a delivery created meanwhile (version 1 or more) stays
/// dirty.
/// </para>
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
                var entry = db.Entry(row);
                entry.State = exists ? EntityState.Modified : EntityState.Added;
                if (exists)
                {
                    entry.Property(s => s.Dirty).IsModified = false;
                    entry.Property(s => s.DirtyVersion).IsModified = false;
                    await db.AdherenceSnapshots.Where(s => s.PrescriptionId == row.PrescriptionId && s.DirtyVersion == row.DirtyVersion)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Dirty, false), ct);
                }
            }

            return;
        }

        rows.Sort((a, b) => a.PrescriptionId.CompareTo(b.PrescriptionId));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "AdherenceSnapshots" ("PrescriptionId", "AttendedSessions", "PrescribedToDate", "AttendedMinutes", "FirstAttendedAt",
                "LastAttendedAt", "Verdict", "Dirty", "DirtyVersion", "ComputedAt", "RiskAlertedAt", "LastReportThrough")
            SELECT u.id, u.attended, u.prescribed, u.minutes, u.first, u.last, u.verdict, FALSE, u.version, u.computed, u.alerted, u.reported
            FROM unnest(@id, @attended, @prescribed, @minutes, @first, @last, @verdict, @version, @computed, @alerted, @reported)
                AS u(id, attended, prescribed, minutes, first, last, verdict, version, computed, alerted, reported)
            ON CONFLICT ("PrescriptionId") DO UPDATE SET
                "AttendedSessions" = EXCLUDED."AttendedSessions", "PrescribedToDate" = EXCLUDED."PrescribedToDate",
                "AttendedMinutes" = EXCLUDED."AttendedMinutes", "FirstAttendedAt" = EXCLUDED."FirstAttendedAt",
                "LastAttendedAt" = EXCLUDED."LastAttendedAt", "Verdict" = EXCLUDED."Verdict",
                "Dirty" = "AdherenceSnapshots"."Dirty" AND "AdherenceSnapshots"."DirtyVersion" <> EXCLUDED."DirtyVersion",
                "ComputedAt" = EXCLUDED."ComputedAt", "RiskAlertedAt" = EXCLUDED."RiskAlertedAt", "LastReportThrough" = EXCLUDED."LastReportThrough"
            """, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.AddWithValue("id", rows.Select(r => r.PrescriptionId).ToArray());
        command.Parameters.AddWithValue("attended", rows.Select(r => r.AttendedSessions).ToArray());
        command.Parameters.AddWithValue("prescribed", rows.Select(r => r.PrescribedToDate).ToArray());
        command.Parameters.AddWithValue("minutes", rows.Select(r => r.AttendedMinutes).ToArray());
        command.Parameters.AddWithValue("first", rows.Select(r => r.FirstAttendedAt).ToArray());
        command.Parameters.AddWithValue("last", rows.Select(r => r.LastAttendedAt).ToArray());
        command.Parameters.Add(new NpgsqlParameter("verdict", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.Verdict.ToString()).ToArray() });
        command.Parameters.AddWithValue("version", rows.Select(r => r.DirtyVersion).ToArray());
        command.Parameters.AddWithValue("computed", rows.Select(r => r.ComputedAt).ToArray());
        command.Parameters.AddWithValue("alerted", rows.Select(r => r.RiskAlertedAt).ToArray());
        command.Parameters.AddWithValue("reported", rows.Select(r => r.LastReportThrough).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }
}
