using AktivResept.Domain.Adherence;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AktivResept.Server.Features.Claims.Generation;

/// <summary>
/// Reads what generating one provider's month needs: the billable sessions not yet on a submitted claim, their
/// prescriptions and participants, benefit periods, trainer certifications, what is already claimed (for the dose
/// caps), and the evidence behind the payer's signals. Eight queries whatever the number of sessions.
/// </summary>
public sealed class ClaimInputReader(AktivDbContext db)
{
    private static readonly AttendanceKind[] Billable = [AttendanceKind.PtSession, AttendanceKind.ClassAttendance, AttendanceKind.NoShow];
    private static readonly ReconciliationState[] Counted = [ReconciliationState.Matched, ReconciliationState.Linked];

    public async Task<ClaimInputs> ReadAsync(Guid providerId, DateOnly month, CancellationToken ct)
    {
        var from = OsloCalendar.StartOf(month);
        var to = OsloCalendar.StartOf(month.AddMonths(1));
        var sessions = await SessionsAsync(providerId, from, to, ct);

        var prescriptionIds = sessions.Select(s => s.PrescriptionId).Distinct().ToArray();
        var prescriptions = await (
                from p in db.Prescriptions.AsNoTracking()
                join person in db.People on p.ParticipantId equals person.Id
                where prescriptionIds.Contains(p.Id) && p.Funding != FundingSource.SelfPaid
                select new PrescriptionRow(p.Id, p.ParticipantId, p.Funding, p.FundingOrganisation, p.StartDate, p.DurationWeeks,
                    p.SessionsPerWeek, p.MinutesPerSession, p.ProviderId, p.TrainerId, p.RequiredCompetence, person.NationalIdHash, person.Kommunenummer, p.PausedDays))
            .ToDictionaryAsync(p => p.Id, ct);
        sessions.RemoveAll(s => !prescriptions.ContainsKey(s.PrescriptionId));
        prescriptionIds = [.. prescriptions.Keys];

        var hashes = prescriptions.Values.Select(p => p.NationalIdHash).Distinct().ToArray();
        var benefits = (await db.BenefitPeriods.AsNoTracking().Where(b => hashes.Contains(b.NationalIdHash)).ToListAsync(ct))
            .ToLookup(b => b.NationalIdHash, b => b.ToDomain());

        var trainerIds = sessions.Select(s => s.TrainerId).Concat(prescriptions.Values.Select(p => p.TrainerId))
            .OfType<Guid>().Distinct().ToArray();
        var certifications = (await db.TrainerCertifications.AsNoTracking().Where(c => trainerIds.Contains(c.TrainerId)).ToListAsync(ct))
            .ToLookup(c => c.TrainerId, c => c.ToDomain());

        // Lines on other claims count towards the dose; this provider's drafts for the month are about to be redone.
        var claimed = (await ClaimedAsync(prescriptionIds, providerId, month, ct))
            .ToLookup(l => l.PrescriptionId, l => new ClaimedSession(l.SessionId, l.ServiceDate, l.Service));

        // Gym-system events only matter as evidence for trainer-registered sessions (the no-gym-event signal).
        var participantIds = sessions.Where(s => s.Source == AttendanceSource.Trainer).Select(s => s.ParticipantId).Distinct().ToArray();
        var gymDays = (await GymEventsAsync(participantIds, from, to, ct))
            .Select(a => (a.Participant, OsloCalendar.DateOf(a.OccurredAt)))
            .ToHashSet();

        return new ClaimInputs(sessions, prescriptions, benefits, certifications, claimed, gymDays,
            await TrainerInTwoPlacesAsync(trainerIds, from, to, ct));
    }

    /// <summary>The provider's billable, reconciled sessions in the month that are not a charge on a submitted (non-draft) claim.</summary>
    /// <remarks>
    /// On PostgreSQL a plain reader (no EF materialisation for what is most of the rows generation reads), and the
    /// "already on a submitted claim" test as a scalar subquery through the one-charge-per-session unique index (at most
    /// one charge per session, so it is the same test as the NOT EXISTS it replaces). The NOT EXISTS was planned as an
    /// anti-join that hashed every charge line while ClaimLines statistics lagged behind its growth.
    /// </remarks>
    private async Task<List<SessionRow>> SessionsAsync(Guid providerId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            return await db.AttendanceRecords.AsNoTracking()
                .Where(a => a.ProviderId == providerId && a.PrescriptionId != null && a.ParticipantId != null &&
                            a.OccurredAt >= from && a.OccurredAt < to && Counted.Contains(a.Reconciliation) && Billable.Contains(a.Kind))
                .Where(a => !db.ClaimLines.Any(l => l.SessionId == a.Id && l.Kind == ClaimLineKind.Charge &&
                                                    db.Claims.Any(c => c.Id == l.ClaimId && c.Status != ClaimStatus.Draft)))
                .Select(a => new SessionRow(a.Id, a.PrescriptionId!.Value, a.ParticipantId!.Value, a.Kind, a.Source, a.OccurredAt, a.TrainerId, a.LocationId, a.DurationMinutes, a.Service))
                .ToListAsync(ct);
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT a."Id", a."PrescriptionId", a."ParticipantId", a."Kind", a."Source", a."OccurredAt", a."TrainerId", a."LocationId", a."DurationMinutes", a."Service"
            FROM "AttendanceRecords" a
            WHERE a."ProviderId" = $1 AND a."PrescriptionId" IS NOT NULL AND a."ParticipantId" IS NOT NULL
              AND a."OccurredAt" >= $2 AND a."OccurredAt" < $3 AND a."Reconciliation" = ANY ($4) AND a."Kind" = ANY ($5)
              AND NOT coalesce((SELECT c."Status" <> 'Draft' FROM "ClaimLines" l JOIN "Claims" c ON c."Id" = l."ClaimId"
                                WHERE l."SessionId" = a."Id" AND l."Kind" = 'Charge'), FALSE)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = providerId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter { Value = Counted.Select(c => c.ToString()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = Billable.Select(k => k.ToString()).ToArray() });
        return await ReadAsync(command, reader => new SessionRow(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.GetGuid(2),
            Enum.Parse<AttendanceKind>(reader.GetString(3)),
            Enum.Parse<AttendanceSource>(reader.GetString(4)),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetGuid(6),
            reader.IsDBNull(7) ? null : reader.GetGuid(7),
            reader.IsDBNull(8) ? null : reader.GetInt32(8),
            reader.IsDBNull(9) ? null : Enum.Parse<ServiceType>(reader.GetString(9))), ct);
    }

    private sealed record ClaimedRow(Guid PrescriptionId, Guid SessionId, DateOnly ServiceDate, ServiceType Service);

    /// <summary>Priced or approved charges for the prescriptions, except on this provider's draft for the month.</summary>
    /// <remarks>
    /// On PostgreSQL the lines are looked up prescription by prescription (a LATERAL subquery the planner may not
    /// flatten, filtered after it), so the (PrescriptionId, ServiceDate) index is the only way in whatever the table
    /// statistics say. At month end ClaimLines grows by a million rows in a minute, faster than autovacuum analyses it;
    /// with statistics still describing a near-empty table, the plain join was planned as a scan of every charge
    /// (through the partial one-charge-per-session index, or sequentially), once per provider.
    /// </remarks>
    private async Task<List<ClaimedRow>> ClaimedAsync(Guid[] prescriptionIds, Guid providerId, DateOnly month, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            return await (
                    from l in db.ClaimLines.AsNoTracking()
                    join c in db.Claims on l.ClaimId equals c.Id
                    where l.PrescriptionId != null && prescriptionIds.Contains(l.PrescriptionId.Value) && l.Kind == ClaimLineKind.Charge && l.Service != null &&
                          (l.Status == ClaimLineStatus.Priced || l.Status == ClaimLineStatus.Approved) &&
                          !(c.ProviderId == providerId && c.Month == month && c.Status == ClaimStatus.Draft)
                    select new ClaimedRow(l.PrescriptionId!.Value, l.SessionId!.Value, l.ServiceDate, l.Service!.Value))
                .ToListAsync(ct);
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT l."PrescriptionId", l."SessionId", l."ServiceDate", l."Service", l."Kind", l."Status"
            FROM unnest($1::uuid[]) AS p("Id")
            CROSS JOIN LATERAL (
                SELECT x."PrescriptionId", x."SessionId", x."ServiceDate", x."Service", x."Kind", x."Status", x."ClaimId"
                FROM "ClaimLines" x WHERE x."PrescriptionId" = p."Id" OFFSET 0) l
            JOIN "Claims" c ON c."Id" = l."ClaimId"
            WHERE NOT (c."ProviderId" = $2 AND c."Month" = $3 AND c."Status" = 'Draft')
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = prescriptionIds });
        command.Parameters.Add(new NpgsqlParameter { Value = providerId });
        command.Parameters.Add(new NpgsqlParameter { Value = month });

        // Kind, service and status are tested here rather than in SQL: a "Kind" = 'Charge' predicate lets the
        // planner reach for the partial one-charge-per-session index, which holds every charge.
        var rows = await ReadAsync(command, reader =>
            reader.IsDBNull(3) || reader.IsDBNull(1) || reader.GetString(4) != nameof(ClaimLineKind.Charge) ||
            Enum.Parse<ClaimLineStatus>(reader.GetString(5)) is not (ClaimLineStatus.Priced or ClaimLineStatus.Approved)
                ? null
                : new ClaimedRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateOnly>(2), Enum.Parse<ServiceType>(reader.GetString(3))), ct);
        return [.. rows.OfType<ClaimedRow>()];
    }

    /// <summary>All the month's sessions of the trainers involved, at any provider: a trainer cannot be in two places at once.</summary>
    /// <remarks>
    /// Two index-friendly halves, sent as one UNION ALL: sessions that name one of the trainers, and trainer-less
    /// sessions (gym events) of prescriptions assigned to one of them. A single query with an OR across the join made
    /// PostgreSQL scan the whole month for every provider.
    /// </remarks>
    private async Task<IReadOnlySet<Guid>> TrainerInTwoPlacesAsync(Guid[] trainerIds, DateTimeOffset monthStart, DateTimeOffset monthEnd, CancellationToken ct)
    {
        var named =
            from a in db.AttendanceRecords.AsNoTracking()
            join p in db.Prescriptions on a.PrescriptionId equals p.Id
            where a.TrainerId != null && trainerIds.Contains(a.TrainerId!.Value) && a.OccurredAt >= monthStart && a.OccurredAt < monthEnd &&
                  (a.Kind == AttendanceKind.PtSession || a.Kind == AttendanceKind.ClassAttendance)
            select new { a.Id, Trainer = a.TrainerId!.Value, LocationId = a.LocationId ?? p.LocationId, a.OccurredAt, Minutes = a.DurationMinutes ?? p.MinutesPerSession };
        var assigned =
            from p in db.Prescriptions.AsNoTracking()
            join a in db.AttendanceRecords on p.Id equals a.PrescriptionId
            where p.TrainerId != null && trainerIds.Contains(p.TrainerId!.Value) && a.TrainerId == null && a.OccurredAt >= monthStart && a.OccurredAt < monthEnd &&
                  (a.Kind == AttendanceKind.PtSession || a.Kind == AttendanceKind.ClassAttendance)
            select new { a.Id, Trainer = p.TrainerId!.Value, LocationId = a.LocationId ?? p.LocationId, a.OccurredAt, Minutes = a.DurationMinutes ?? p.MinutesPerSession };
        var slots = db.Database.GetDbConnection() is NpgsqlConnection connection
            ? await ReadAsync(connection, named.Concat(assigned), r => new TrainerSlot(r.GetGuid(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3), r.GetInt32(4)), ct)
            : (await named.Concat(assigned).ToListAsync(ct)).Select(s => new TrainerSlot(s.Id, s.Trainer, s.LocationId, s.OccurredAt, s.Minutes)).ToList();
        return TrainerSlot.InTwoPlaces(slots);
    }

    private async Task<List<(Guid Participant, DateTimeOffset OccurredAt)>> GymEventsAsync(Guid[] participantIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (participantIds.Length == 0)
        {
            return [];
        }

        var events = db.AttendanceRecords.AsNoTracking()
            .Where(a => a.Source == AttendanceSource.Webhook && a.ParticipantId != null && participantIds.Contains(a.ParticipantId!.Value) &&
                        a.OccurredAt >= from && a.OccurredAt < to && a.Kind != AttendanceKind.NoShow)
            .Select(a => new { Participant = a.ParticipantId!.Value, a.OccurredAt });
        return db.Database.GetDbConnection() is NpgsqlConnection connection
            ? await ReadAsync(connection, events, r => (r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1)), ct)
            : (await events.ToListAsync(ct)).Select(e => (e.Participant, e.OccurredAt)).ToList();
    }

    /// <summary>
    /// Runs an EF-built query through a plain reader: EF writes the SQL and parameters, the rows skip EF's
    /// materialisation, which for the ~750 rows per provider of these reads cost more than the query itself.
    /// </summary>
    private async Task<List<T>> ReadAsync<TRow, T>(NpgsqlConnection connection, IQueryable<TRow> query, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        await using var command = (NpgsqlCommand)query.CreateDbCommand();
        command.Connection = connection;
        return await ReadAsync(command, map, ct);
    }

    /// <summary>Reads every row of a command on the context's connection (and transaction, if any).</summary>
    private async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
