using AktivResept.Domain.Kpis;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Server.Features.Contracts.Evaluation;

/// <summary>
/// Stores a contract's freshly measured figures against what is stored, series by series (a series is one KPI key,
/// period kind and period start):
/// <list type="bullet">
/// <item>No figure yet: revision 1.</item>
/// <item>The current figure is provisional: it is brought up to date in place while the period is open to late events
/// (the API says "provisional"; a provisional figure is expected to move), and frozen in place when the period becomes
/// final. Provisional figures of a series no longer measured (a new version dropped the KPI) are removed.</item>
/// <item>The current figure is final: it never changes. If the figure, the verdict or the judging requirement differs
/// (a late event, a linked check-in, a new version), a new revision is added, so every change after finalisation is
/// visible with its history.</item>
/// </list>
/// Nothing is written when nothing differs (the fingerprint covers numerator, denominator, value, participants and the
/// prescriptions), so a pass over unchanged data writes nothing. A final "not met" (new, or just finalised) puts one
/// message in the gym's and the payer's inbox, keyed by the evaluation row, so once per revision.
/// </summary>
internal sealed class KpiEvaluationStore(AktivDbContext db, Notices notices)
{
    /// <summary>Stores a batch of contracts' figures; on PostgreSQL the new rows go in by one binary COPY, the rest through EF.</summary>
    public async Task<(int Written, int Notified)> SaveAsync(IReadOnlyList<(Contract Contract, List<KpiFigure> Figures)> contracts, DateTimeOffset now, CancellationToken ct)
    {
        var ids = contracts.Select(c => c.Contract.Id).ToArray();
        var stored = await db.KpiEvaluations.Where(e => ids.Contains(e.ContractId)).ToListAsync(ct);
        var byContract = stored.ToLookup(e => e.ContractId);
        var added = new List<KpiEvaluation>();
        int written = 0, notified = 0;
        foreach (var (contract, figures) in contracts)
        {
            var (w, n) = await SaveAsync(contract, figures, byContract[contract.Id], added, now, ct);
            written += w;
            notified += n;
        }

        if (added.Count > 0 && db.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            await CopyAsync(connection, added, ct);
        }
        else
        {
            db.KpiEvaluations.AddRange(added);
        }

        await db.SaveChangesAsync(ct);
        return (written, notified);
    }

    private async Task<(int Written, int Notified)> SaveAsync(
        Contract contract, IReadOnlyList<KpiFigure> figures, IEnumerable<KpiEvaluation> stored, List<KpiEvaluation> added, DateTimeOffset now, CancellationToken ct)
    {
        var current = stored
            .GroupBy(e => (e.KpiKey, e.PeriodKind, e.PeriodFrom))
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.Revision)!);
        var measured = new HashSet<(string, KpiPeriodKind, DateOnly)>();
        int written = 0, notified = 0;
        foreach (var figure in figures)
        {
            var key = (figure.Spec.Key, figure.Period.Kind, figure.Period.From);
            if (!measured.Add(key))
            {
                continue; // one version holding the same KPI twice: the first requirement judges
            }

            var fingerprint = figure.Measurement.Fingerprint;
            KpiEvaluation? row = null;
            if (!current.TryGetValue(key, out var existing))
            {
                row = New(contract, figure, fingerprint, revision: 1, now, added);
            }
            else if (!existing.IsFinal)
            {
                if (Differs(existing, figure, fingerprint) || figure.IsFinal)
                {
                    Apply(existing, figure, fingerprint, now);
                    row = existing;
                }
            }
            else if (Differs(existing, figure, fingerprint))
            {
                row = New(contract, figure, fingerprint, existing.Revision + 1, now, added);
            }

            if (row is null)
            {
                continue;
            }

            written++;
            if (row.IsFinal && row.Verdict == KpiVerdict.NotMet)
            {
                notified++;
                await NotifyAsync(contract, row, figure.Period, ct);
            }
        }

        foreach (var (key, row) in current)
        {
            if (!row.IsFinal && !measured.Contains(key))
            {
                db.KpiEvaluations.Remove(row);
                written++;
            }
        }

        return (written, notified);
    }

    /// <summary>New figures by binary COPY: a first pass over a batch writes hundreds of rows with their prescription-id arrays.</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, List<KpiEvaluation> rows, CancellationToken ct)
    {
        await using var import = await connection.BeginBinaryImportAsync(
            """
            COPY "KpiEvaluations" ("Id", "ContractId", "VersionId", "KpiRequirementId", "KpiKey", "PeriodKind", "PeriodFrom", "PeriodTo", "Revision",
                "Numerator", "Denominator", "Value", "Threshold", "Direction", "MinimumParticipants", "Participants", "Verdict", "IsFinal",
                "PrescriptionIds", "Fingerprint", "ComputedAt")
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var row in rows)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(row.Id, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(row.ContractId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(row.VersionId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(row.KpiRequirementId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(row.KpiKey, NpgsqlDbType.Text, ct);
            await import.WriteAsync(row.PeriodKind.ToString(), NpgsqlDbType.Text, ct);
            await import.WriteAsync(row.PeriodFrom, NpgsqlDbType.Date, ct);
            await import.WriteAsync(row.PeriodTo, NpgsqlDbType.Date, ct);
            await import.WriteAsync(row.Revision, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(row.Numerator, NpgsqlDbType.Numeric, ct);
            await import.WriteAsync(row.Denominator, NpgsqlDbType.Numeric, ct);
            if (row.Value is { } value)
            {
                await import.WriteAsync(value, NpgsqlDbType.Numeric, ct);
            }
            else
            {
                await import.WriteNullAsync(ct);
            }

            await import.WriteAsync(row.Threshold, NpgsqlDbType.Numeric, ct);
            await import.WriteAsync(row.Direction.ToString(), NpgsqlDbType.Text, ct);
            await import.WriteAsync(row.MinimumParticipants, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(row.Participants, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(row.Verdict.ToString(), NpgsqlDbType.Text, ct);
            await import.WriteAsync(row.IsFinal, NpgsqlDbType.Boolean, ct);
            await import.WriteAsync(row.PrescriptionIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(row.Fingerprint, NpgsqlDbType.Text, ct);
            await import.WriteAsync(row.ComputedAt, NpgsqlDbType.TimestampTz, ct);
        }

        await import.CompleteAsync(ct);
    }

    private static bool Differs(KpiEvaluation row, KpiFigure figure, string fingerprint) =>
        row.Fingerprint != fingerprint || row.KpiRequirementId != figure.Requirement.Id || row.Verdict != figure.Verdict;

    private static KpiEvaluation New(Contract contract, KpiFigure figure, string fingerprint, int revision, DateTimeOffset now, List<KpiEvaluation> added)
    {
        var row = new KpiEvaluation
        {
            ContractId = contract.Id,
            KpiKey = figure.Spec.Key,
            PeriodKind = figure.Period.Kind,
            PeriodFrom = figure.Period.From,
            PeriodTo = figure.Period.To,
            Revision = revision,
        };
        Apply(row, figure, fingerprint, now);
        added.Add(row);
        return row;
    }

    private static void Apply(KpiEvaluation row, KpiFigure figure, string fingerprint, DateTimeOffset now)
    {
        var m = figure.Measurement;
        row.VersionId = figure.Version.Id;
        row.KpiRequirementId = figure.Requirement.Id;
        row.Numerator = m.Numerator;
        row.Denominator = m.Denominator;
        row.Value = m.Value;
        row.Threshold = figure.Spec.Threshold;
        row.Direction = figure.Spec.Direction;
        row.MinimumParticipants = figure.Spec.MinimumParticipants;
        row.Participants = m.Participants;
        row.Verdict = figure.Verdict;
        row.IsFinal = figure.IsFinal;
        row.PrescriptionIds = [.. m.PrescriptionIds];
        row.Fingerprint = fingerprint;
        row.ComputedAt = now;
    }

    /// <summary>The gym's admins and the payer's people (a municipality's coordinators) hear of it; no figure about people goes in the message.</summary>
    private async Task NotifyAsync(Contract contract, KpiEvaluation row, KpiPeriod period, CancellationToken ct)
    {
        var data = new ContractKpiNotMetData(contract.Name, row.KpiKey, period.Label, row.Id, row.Revision);
        foreach (var (kind, id) in new[] { (RecipientKind.Provider, contract.ProviderId), (RecipientKind.Payer, contract.PayerId) })
        {
            await notices.PostAsync(InboxNotice.Of(kind, id, PrescriptionEventType.ContractKpiNotMet, data) with { ContractId = contract.Id, EventId = row.Id, At = row.ComputedAt }, ct);
        }
    }
}
