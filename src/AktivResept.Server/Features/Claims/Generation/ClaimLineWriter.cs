using AktivResept.Domain.Claims;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Features.Claims.Generation;

/// <summary>
/// Replaces a draft claim's lines. A session keeps its line id across regenerations, so links to a line stay valid.
/// On PostgreSQL the lines go in by binary COPY (a month can hold hundreds of thousands of lines); the embedded SQLite
/// mode uses EF. Either way the one-charge-per-session unique index is the last word on double billing.
/// </summary>
public sealed class ClaimLineWriter(AktivDbContext db)
{
    /// <summary>Replaces the draft's charge lines; credit lines (corrections) stay. Returns the credits, for the totals.</summary>
    public async Task<List<ClaimLine>> ReplaceLinesAsync(Claim claim, List<ClaimLine> lines, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct); // the claim row must exist before its lines
        var previous = await db.ClaimLines.AsNoTracking().Where(l => l.ClaimId == claim.Id && l.SessionId != null)
            .Select(l => new { l.SessionId, l.Id }).ToDictionaryAsync(l => l.SessionId!.Value, l => l.Id, ct);
        foreach (var line in lines)
        {
            line.ClaimId = claim.Id;
            if (line.SessionId is { } session && previous.TryGetValue(session, out var id))
            {
                line.Id = id;
            }
        }

        // The draft's charges are exactly the lines just read (only charges carry a session); deleting them by primary
        // key keeps PostgreSQL off the partial one-charge-per-session index, which it picks for "Kind" = 'Charge'
        // while its statistics still describe the table before this month's lines went in.
        var charges = previous.Values.ToArray();
        if (charges.Length > 0)
        {
            await db.ClaimLines.Where(l => charges.Contains(l.Id)).ExecuteDeleteAsync(ct);
        }
        if (db.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            await CopyAsync(connection, lines, ct);
        }
        else
        {
            db.ClaimLines.AddRange(lines);
        }

        return await db.ClaimLines.AsNoTracking().Where(l => l.ClaimId == claim.Id && l.Kind == ClaimLineKind.Credit).ToListAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<ClaimLine> lines, CancellationToken ct)
    {
        await using var import = await connection.BeginBinaryImportAsync(
            """
            COPY "ClaimLines" ("Id", "ClaimId", "Kind", "SessionId", "PrescriptionId", "ParticipantId", "TrainerId", "ServiceDate",
                "OccurredAt", "Service", "TariffId", "Tariff", "PublicShare", "Copay", "CoFinancing", "Status", "Refusals", "Signals",
                "ProgrammeSessionId", "ProgrammeBookingId")
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var line in lines)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(line.Id, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(line.ClaimId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(line.Kind.ToString(), NpgsqlDbType.Text, ct);
            await WriteNullableAsync(import, line.SessionId, ct);
            await WriteNullableAsync(import, line.PrescriptionId, ct);
            await WriteNullableAsync(import, line.ParticipantId, ct);
            await WriteNullableAsync(import, line.TrainerId, ct);
            await import.WriteAsync(line.ServiceDate, NpgsqlDbType.Date, ct);
            await import.WriteAsync(line.OccurredAt, NpgsqlDbType.TimestampTz, ct);
            if (line.Service is { } service)
            {
                await import.WriteAsync(service.ToString(), NpgsqlDbType.Text, ct);
            }
            else
            {
                await import.WriteNullAsync(ct);
            }

            await WriteNullableAsync(import, line.TariffId, ct);
            await import.WriteAsync(line.Tariff, NpgsqlDbType.Numeric, ct);
            await import.WriteAsync(line.PublicShare, NpgsqlDbType.Numeric, ct);
            await import.WriteAsync(line.Copay, NpgsqlDbType.Numeric, ct);
            await import.WriteAsync(line.CoFinancing, NpgsqlDbType.Numeric, ct);
            await import.WriteAsync(line.Status.ToString(), NpgsqlDbType.Text, ct);
            await import.WriteAsync(line.Refusals.Select(r => (int)r).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
            await import.WriteAsync(line.Signals.Select(s => (int)s).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(import, line.ProgrammeSessionId, ct);
            await WriteNullableAsync(import, line.ProgrammeBookingId, ct);
        }

        await import.CompleteAsync(ct);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter import, Guid? value, CancellationToken ct)
    {
        if (value is { } id)
        {
            await import.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        }
        else
        {
            await import.WriteNullAsync(ct);
        }
    }
}
