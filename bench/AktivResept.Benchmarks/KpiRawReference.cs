using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AktivResept.Benchmarks;

/// <summary>One figure of the reference: a contract's KPI in a month.</summary>
public sealed record KpiReferenceFigure(Guid ContractId, DateOnly Month, string Key, decimal Numerator, decimal Denominator, decimal? Value, long Participants, Guid[] PrescriptionIds);

/// <summary>
/// The floor for the KPI evaluation: the same figures (docs/kpis.md) for every contract and month, computed by
/// PostgreSQL in one aggregation and read back, with nothing stored. Each month is measured as known at its end (the
/// evaluation's asOf for a period that has ended); the bench months have all ended. Covers the bench contracts' KPIs:
/// answered-within-days (7), completion-rate, dropout-rate, waiting-days-median, waiting-days-p90 and
/// adherence-by-week (12 weeks, 0.75). Which prescriptions a contract covers: sent to its provider, municipality-funded,
/// the participant living in the paying municipality (the claims rule for municipal funding, the only kind seeded).
/// A countable session is the calculator's: per Oslo day inside the plan, the classes and PT sessions, or 1 for door
/// check-ins alone; no-shows never. Like the app, each figure names the prescriptions behind it (its cohort, ordered),
/// so the reference does the same work per figure that the app's figure must carry.
/// </summary>
public static class KpiRawReference
{
    private const string Sql =
        """
        WITH params AS (SELECT {asOf}::timestamptz AS at, ({asOf}::timestamptz AT TIME ZONE 'Europe/Oslo')::date AS day),
        months AS (
            SELECT d::date AS m_from, (d + interval '1 month' - interval '1 day')::date AS m_to
            FROM generate_series({firstMonth}::timestamp, {lastMonth}::timestamp, interval '1 month') d),
        rx AS (
            SELECT c."Id" AS contract, p."Id" AS id, p."StartDate" AS start, p."StartDate" + p."DurationWeeks" * 7 - 1 AS plan_end,
                p."SessionsPerWeek" AS spw, p."DurationWeeks" AS weeks, p."Status" AS status, (p."SentAt" AT TIME ZONE 'Europe/Oslo')::date AS sent_day
            FROM "Contracts" c
            JOIN "Payers" pa ON pa."Id" = c."PayerId" AND pa."Kind" = 'Municipality'
            JOIN "Prescriptions" p ON p."ProviderId" = c."ProviderId" AND p."Funding" = 'Municipality' AND p."SentAt" IS NOT NULL
            JOIN "People" pe ON pe."Id" = p."ParticipantId" AND pe."Kommunenummer" = pa."Kommunenummer"
            WHERE p."SentAt" <= (SELECT at FROM params)),
        changes AS (
            SELECT s."PrescriptionId" AS id,
                min(s."At") FILTER (WHERE s."From" = 'Issued' AND s."To" IN ('Accepted', 'Rejected')) AS answered,
                min(s."At") FILTER (WHERE s."To" IN ('Completed', 'DroppedOut', 'Expired', 'Cancelled', 'Rejected')) AS ended
            FROM "StatusChanges" s
            WHERE s."At" <= (SELECT at FROM params)
            GROUP BY s."PrescriptionId"),
        days AS (
            SELECT a."PrescriptionId" AS id, (a."OccurredAt" AT TIME ZONE 'Europe/Oslo')::date AS day,
                CASE WHEN count(*) FILTER (WHERE a."Kind" IN ('ClassAttendance', 'PtSession')) > 0
                     THEN count(*) FILTER (WHERE a."Kind" IN ('ClassAttendance', 'PtSession'))
                     WHEN count(*) FILTER (WHERE a."Kind" = 'CheckIn') > 0 THEN 1 ELSE 0 END AS n
            FROM "AttendanceRecords" a
            WHERE a."PrescriptionId" IS NOT NULL AND a."Reconciliation" IN ('Matched', 'Linked') AND a."OccurredAt" <= (SELECT at FROM params)
            GROUP BY 1, 2),
        per_rx AS (
            SELECT d.id,
                min(d.day) FILTER (WHERE d.n > 0 AND d.day BETWEEN r.start AND r.plan_end) AS first_day,
                coalesce(sum(d.n) FILTER (WHERE d.day BETWEEN r.start AND r.start + 83), 0) AS by_week12
            FROM days d JOIN rx r ON r.id = d.id
            GROUP BY d.id),
        course AS (
            SELECT r.*, (ch.answered AT TIME ZONE 'Europe/Oslo')::date AS answer_day, (ch.ended AT TIME ZONE 'Europe/Oslo')::date AS end_day,
                pr.first_day, coalesce(pr.by_week12, 0) AS by_week12
            FROM rx r LEFT JOIN changes ch ON ch.id = r.id LEFT JOIN per_rx pr ON pr.id = r.id),
        figures AS (
            SELECT c.contract, mo.m_from, 'answered-within-days?days=7' AS kpi,
                count(*) FILTER (WHERE c.answer_day <= mo.m_to AND c.answer_day - c.sent_day <= 7)::numeric AS num, count(*)::numeric AS den, count(*) AS participants, NULL::numeric AS val,
                array_agg(c.id ORDER BY c.id) AS ids
            FROM course c JOIN months mo ON c.sent_day BETWEEN mo.m_from AND mo.m_to
            WHERE (c.answer_day <= mo.m_to OR (c.sent_day + 7 <= mo.m_to AND NOT coalesce(c.end_day <= c.sent_day + 7, FALSE)))
            GROUP BY 1, 2
            UNION ALL
            SELECT c.contract, mo.m_from, x.kpi, count(*) FILTER (WHERE c.status = x.status)::numeric, count(*)::numeric, count(*), NULL, array_agg(c.id ORDER BY c.id)
            FROM course c JOIN months mo ON c.end_day BETWEEN mo.m_from AND mo.m_to
            CROSS JOIN (VALUES ('completion-rate', 'Completed'), ('dropout-rate', 'DroppedOut')) x(kpi, status)
            WHERE c.end_day < (SELECT day FROM params) + 1 AND c.first_day IS NOT NULL
            GROUP BY 1, 2, 3
            UNION ALL
            SELECT c.contract, mo.m_from, x.kpi, sum(greatest(c.first_day - c.sent_day, 0))::numeric, count(*)::numeric, count(*),
                CASE WHEN x.kpi = 'waiting-days-median' THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(c.first_day - c.sent_day, 0))::numeric
                     ELSE percentile_disc(0.9) WITHIN GROUP (ORDER BY greatest(c.first_day - c.sent_day, 0))::numeric END,
                array_agg(c.id ORDER BY c.id)
            FROM course c JOIN months mo ON c.first_day BETWEEN mo.m_from AND mo.m_to
            CROSS JOIN (VALUES ('waiting-days-median'), ('waiting-days-p90')) x(kpi)
            GROUP BY 1, 2, 3
            UNION ALL
            SELECT c.contract, mo.m_from, 'adherence-by-week?share=0.75&weeks=12',
                count(*) FILTER (WHERE c.by_week12 >= 0.75 * c.spw * 12)::numeric, count(*)::numeric, count(*), NULL, array_agg(c.id ORDER BY c.id)
            FROM course c JOIN months mo ON c.start + 83 BETWEEN mo.m_from AND mo.m_to
            WHERE c.weeks >= 12 AND c.start + 83 < (SELECT day FROM params) AND c.by_week12 > 0
            GROUP BY 1, 2)
        SELECT contract, m_from, kpi, num, den, coalesce(val, CASE WHEN den > 0 THEN round(num / den, 4) END), participants, ids FROM figures
        """;

    public static async Task<(TimeSpan Time, IReadOnlyList<KpiReferenceFigure> Figures)> RunAsync(NpgsqlDataSource dataSource, DateOnly firstMonth, DateOnly lastMonth, DateTimeOffset asOf)
    {
        var sql = Sql
            .Replace("{asOf}", $"'{asOf.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'", StringComparison.Ordinal)
            .Replace("{firstMonth}", $"'{firstMonth:yyyy-MM-dd}'", StringComparison.Ordinal)
            .Replace("{lastMonth}", $"'{lastMonth:yyyy-MM-dd}'", StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        var figures = new List<KpiReferenceFigure>();
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            figures.Add(new KpiReferenceFigure(
                reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.GetInt64(6), reader.GetFieldValue<Guid[]>(7)));
        }

        return (clock.Elapsed, figures);
    }

    public static string Describe(IReadOnlyList<KpiReferenceFigure> figures) =>
        string.Join(", ", figures.GroupBy(f => f.Key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Count():N0}")));
}
